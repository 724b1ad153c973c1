<?xml version="1.0" encoding="UTF-8"?>
<ColorCorrection id="A001C001">
  <SOPNode>
    <Description>warm</Description>
    <Slope>1.1 1.0 0.9</Slope>
    <Offset>0.01 0 -0.02</Offset>
    <Power>1 1 1.05</Power>
  </SOPNode>
  <SatNode><Saturation>0.9</Saturation></SatNode>
</ColorCorrection>
