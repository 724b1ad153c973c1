<?xml version="1.0" encoding="UTF-8"?>
<ColorCorrection id="A001C001" xmlns="urn:ASC:CDL:v1.01">
  <SOPNode><Slope>1.2 0.9 1.05</Slope><Offset>-0.02 0.03 0</Offset><Power>0.9 1.1 1.25</Power></SOPNode>
  <SatNode><Saturation>0.6</Saturation></SatNode>
</ColorCorrection>
