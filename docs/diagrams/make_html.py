#!/usr/bin/env python3
# usage: make_html.py in.bpmn out.html -> prints "W H": a page that draws the model with bpmn-js over its whole
# diagram (its bounding box plus 40 px each side, scale 1:1); render.sh screenshots it
import json, re, sys, os
src, out = sys.argv[1], sys.argv[2]
t = open(src, encoding='utf-8').read()
xs, ys = [], []
for m in re.finditer(r'<dc:Bounds x="([-\d.]+)" y="([-\d.]+)" width="([\d.]+)" height="([\d.]+)"', t):
    x, y, w, h = map(float, m.groups()); xs += [x, x + w]; ys += [y, y + h]
for m in re.finditer(r'<di:waypoint x="([-\d.]+)" y="([-\d.]+)"', t):
    x, y = map(float, m.groups()); xs.append(x); ys.append(y)
M = 40
x0, y0 = min(xs) - M, min(ys) - M
W, H = int(round(max(xs) - min(xs) + 2 * M)), int(round(max(ys) - min(ys) + 2 * M))
d = os.path.dirname(os.path.abspath(__file__)) + '/node_modules/bpmn-js/dist'
html = f'''<!DOCTYPE html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="file://{d}/assets/diagram-js.css">
<link rel="stylesheet" href="file://{d}/assets/bpmn-js.css">
<style>html,body{{margin:0;padding:0;background:#fff;overflow:hidden}}
#c{{width:{W}px;height:{H}px;background:#fff}}
#err{{position:absolute;top:0;left:0;color:red;font:bold 20px sans-serif;white-space:pre}}</style>
<script src="file://{d}/bpmn-viewer.production.min.js"></script></head>
<body><div id="c"></div><div id="err"></div><script>
const xml = {json.dumps(t)};
const viewer = new BpmnJS({{container: '#c'}});
viewer.importXML(xml).then(r => {{
  viewer.get('canvas').viewbox({{x:{x0}, y:{y0}, width:{W}, height:{H}}});
  const w = (r.warnings||[]).map(x => x.message);
  document.body.setAttribute('data-status', 'OK warnings=' + w.length + (w.length ? ' ' + w.join(' | ') : ''));
}}).catch(e => {{
  document.getElementById('err').textContent = 'IMPORT ERROR: ' + e.message;
  document.body.setAttribute('data-status', 'ERROR ' + e.message);
}});
</script></body></html>'''
open(out, 'w', encoding='utf-8').write(html)
print(W, H)
