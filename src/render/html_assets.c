/* The HTML report's CSS and script, inlined in every page (no network
 * request, no external font or file). Light and dark themes follow
 * prefers-color-scheme on screen; print is always light. The figure switch
 * of bar charts is CSS (radio inputs): one rule per figure of the registry,
 * generated here, so a new per-layer figure needs nothing in this file. The
 * script only adds: sortable tables, instant tooltips, the page title. */
#include "html.h"

static const char css[] =
    ":root{--bg:#fff;--fg:#1b1f24;--mute:#59616b;--line:#d3d8de;--grid:#e9ecef;"
    "--card:#f5f6f8;--acc:#1f63b5;--bad:#c0392b;--ok:#2e7d32;--chg:#fff1bf;--add:#dcf3df;"
    "--rem:#fbdfdd;--k0:#3d78b0;--k1:#8a5d50;--k2:#4f9d43;--k3:#e07b91;--k4:#b5b43f;"
    "--k5:#ee8a3a;--k6:#c8453c;--k7:#8b6bb7;--k8:#4bb4c6;--k9:#d27fbd;--k10:#1f3f73;"
    "--k11:#a0521d;--k12:#2d6a2a;--k13:#7f1d1d;--k14:#dcdb80;--k15:#a0307e;--k16:#7d8288;"
    "--k17:#6f42c1;--k18:#1f9e89;--k19:#1d6f78;--k20:#8fb8e0;--k21:#2b9fe0;--k22:#9dd08f;"
    "--k23:#464b52;--k24:#f5b97f;--k25:#4b3a8c;--k26:#d9a21b;--k27:#b3b8bd;--k28:#c49e8c;"
    "--k29:#82b52a;--k30:#bba7dd;--k31:#6e6d1f;--k32:#efb3de;--k33:#5a3a2e;--k34:#93d8e4;"
    "--k35:#eb8f88}\n"
    "@media screen and (prefers-color-scheme:dark){:root{--bg:#14171b;--fg:#e4e7eb;"
    "--mute:#9ba4ae;--line:#39404a;--grid:#252a31;--card:#1d2228;--acc:#6ba6ee;--bad:#ff7b6e;"
    "--ok:#7bc77f;--chg:#4a3f12;--add:#163a1d;--rem:#4a1c19;--k0:#5b95cf;--k1:#b08172;"
    "--k2:#62b457;--k3:#e07b91;--k4:#cbca5a;--k5:#f09a50;--k6:#e0625a;--k7:#a48bd0;"
    "--k8:#5fc9db;--k9:#e29ad0;--k10:#3062b3;--k11:#ce6a25;--k12:#3f8a3b;--k13:#bc2b2b;"
    "--k14:#dcdb80;--k15:#c13a98;--k16:#98a0a8;--k17:#764cc4;--k18:#28ccb1;--k19:#2caab8;"
    "--k20:#8fb8e0;--k21:#32a2e1;--k22:#9dd08f;--k23:#6a717c;--k24:#f5b97f;--k25:#5e48af;"
    "--k26:#e4ad26;--k27:#b3b8bd;--k28:#c49e8c;--k29:#96cf32;--k30:#bba7dd;--k31:#8e8d2c;"
    "--k32:#efb3de;--k33:#935f4b;--k34:#93d8e4;--k35:#eb8f88}}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;background:var(--bg);color:var(--fg);"
    "font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;"
    "-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
    "main{max-width:1240px;margin:0 auto;padding:12px 24px 40px}\n"
    "h1{font-size:15px;font-weight:600;color:var(--mute);margin:4px 0}\n"
    "h2{font-size:19px;margin:0;word-break:break-all}h3{font-size:15px;margin:20px 0 6px}\n"
    "a{color:var(--acc)}code{font-size:13px}\n"
    ".yf-item{border-top:2px solid var(--line);margin-top:18px;padding-top:10px}\n"
    ".yf-sub,.yf-note{color:var(--mute);margin:2px 0 8px}\n"
    ".yf-headline{font-size:15px;margin:6px 0 10px}\n"
    "table{border-collapse:collapse;font-variant-numeric:tabular-nums}\n"
    "th,td{padding:2px 8px;border-bottom:1px solid var(--line);text-align:left;"
    "vertical-align:top}\n"
    "th{font-weight:600;white-space:nowrap}.n{text-align:right;white-space:nowrap}\n"
    ".yf-sort td{white-space:nowrap}\n"
    "td.c{color:var(--mute);font-size:12.5px}\n"
    ".yf-wrap{overflow-x:auto;max-width:100%}\n"
    ".yf-chart{margin:6px 0 14px}figcaption{color:var(--mute);font-size:13px;margin-top:2px}\n"
    ".yf-plot{overflow-x:auto}.yf-plot svg{display:block;width:100%;min-width:720px;height:auto}\n"
    "svg text{font-size:11px;fill:var(--mute)}svg .yl,svg .end,svg .hl,svg .rl{text-anchor:end}\n"
    "svg .xl,svg .xt,svg .ll,svg .empty{text-anchor:middle}svg .hl,svg .hn,svg .pl{fill:var(--fg)}\n"
    ".grid{stroke:var(--grid);fill:none}.axis{stroke:var(--line);fill:none}\n"
    ".fg,.fc{display:none}\n"
    ".yf-bars>input{position:absolute;opacity:0;pointer-events:none}\n"
    ".yf-bars>label{display:inline-block;padding:0 8px;margin:0 4px 4px 0;font-size:12px;"
    "border:1px solid var(--line);border-radius:10px;cursor:pointer;color:var(--fg)}\n"
    ".yf-bars>input:checked+label{background:var(--acc);border-color:var(--acc);color:var(--bg)}\n"
    ".yf-bars>input:focus-visible+label{outline:2px solid var(--acc)}\n"
    ".hits rect{fill:var(--fg);fill-opacity:0}.hits rect:hover{fill-opacity:.09}\n"
    ".band{fill:var(--fg)}.lv0{fill-opacity:0}.lv1{fill-opacity:.025}.lv2{fill-opacity:.05}"
    ".lv3{fill-opacity:.075}.lv4{fill-opacity:.1}.lv5{fill-opacity:.125}.lv6{fill-opacity:.15}"
    ".lv7{fill-opacity:.175}\n"
    ".chgband{fill:var(--chg);background:var(--chg)}.addband{fill:var(--add);"
    "background:var(--add)}.remband{fill:var(--rem);background:var(--rem)}i.faded{opacity:.4}\n"
    ".headmark{stroke:var(--bad);stroke-width:1.2;stroke-dasharray:3 2;fill:none}"
    "svg .hm{fill:var(--bad);text-anchor:middle;font-size:10.5px}svg .hm.end{text-anchor:end}"
    "svg .hm.start{text-anchor:start}svg .xl.end{text-anchor:end}svg .st{font-size:10px}svg .pt{fill:var(--fg);"
    "font-weight:600;font-size:12px}\n"
    ".area{fill:var(--acc);fill-opacity:.22;stroke:var(--acc);stroke-width:1.2}"
    ".peak{fill:var(--bad)}svg .pl{font-weight:600}\n"
    "polyline.ln,polyline.roof{fill:none;stroke-width:2}.pts circle{stroke:var(--bg);"
    "stroke-width:1}\n"
    ".limit{stroke:var(--bad);stroke-width:2;stroke-dasharray:5 3}svg .ll{fill:var(--bad)}\n"
    "svg .sl{fill:#fff;font-size:10.5px}.seg{stroke:var(--bg);stroke-width:.6}\n"
    "tr.chg td{background:var(--chg)}tr.add td{background:var(--add)}"
    "tr.rem td{background:var(--rem)}tr.head td:first-child{box-shadow:inset 3px 0 var(--bad)}\n"
    ".yf-legend{list-style:none;padding:0;margin:2px 0 4px;display:flex;flex-wrap:wrap;"
    "gap:2px 14px;font-size:12px;color:var(--mute)}\n"
    ".yf-legend i,td i{display:inline-block;width:10px;height:10px;margin-right:5px;"
    "border-radius:2px;vertical-align:-1px}\n"
    "i.band{background:var(--mute);opacity:.35}i.headmark{background:var(--bad);width:3px}\n"
    "th button{all:unset;cursor:pointer}th button:focus-visible{outline:2px solid var(--acc)}\n"
    "th[aria-sort=descending] button::after{content:' \\25BC'}"
    "th[aria-sort=ascending] button::after{content:' \\25B2'}\n"
    ".ok{color:var(--ok)}.bad{color:var(--bad);font-weight:600}.up{color:var(--bad)}"
    ".down{color:var(--ok)}\n"
    "ul.yf-list{margin:4px 0;padding-left:20px}ul.yf-list li{margin:1px 0}\n"
    "#yf-tip{position:fixed;z-index:9;pointer-events:none;display:none;background:var(--card);"
    "color:var(--fg);border:1px solid var(--line);border-radius:4px;padding:4px 8px;"
    "font-size:12px;white-space:pre;box-shadow:0 2px 8px rgba(0,0,0,.2)}\n"
    "footer{color:var(--mute);font-size:12px;margin-top:28px}\n"
    "@media print{body{font-size:11px}main{max-width:none;padding:0}"
    ".yf-bars>input:not(:checked)+label{display:none}.yf-plot,.yf-wrap{overflow:visible}"
    ".yf-plot svg{min-width:0}figure,tr{break-inside:avoid}.hits rect:hover{fill-opacity:0}}\n";

/* Colours (YF_HTML_COLOURS, each distinct and legible in both themes; a
 * neighbour differs in hue): kN a layer kind (registry index) or a kind of
 * buffer (SVG fill, HTML swatch), aN the before side of a diff, cN series
 * (lines, points, roofs). */
static void colour_rules(yf_writer *w)
{
    for (int k = 0; k < YF_HTML_COLOURS; k++)
        yf_writer_printf(w, ".k%d{fill:var(--k%d);background:var(--k%d)}"
                            ".a%d{fill:var(--k%d);fill-opacity:.38}"
                            ".c%d{stroke:var(--k%d);fill:var(--k%d)}\n",
                         k, k, k, k, k, k, k, k);
}

/* One rule per figure: the checked input shows its group and caption. */
static void switch_rules(yf_writer *w)
{
    for (yf_figure f = 0; f < yf_figure_count(); f++)
        if (yf_figure_get(f)->flags & YF_FIG_LAYER)
            yf_writer_printf(w, ".yf-bars>input.f%d:checked~.yf-plot .f%d,"
                                ".yf-bars>input.f%d:checked~figcaption .f%d{display:inline}\n",
                             f, f, f, f);
}

void yf_html_style(yf_writer *w)
{
    yf_writer_puts(w, "<style>\n");
    yf_writer_put(w, css, sizeof(css) - 1);
    colour_rules(w);
    switch_rules(w);
    yf_writer_puts(w, "</style>\n");
}

/* Sorting: a header cell becomes a button; numbers compare as numbers (the
 * cell's data-v, title or text without group commas), the rest as text,
 * empty cells last. Tooltips: an SVG element's <title> shows at once beside
 * the pointer (the native tooltip is the fallback without script). */
static const char js[] =
    "(function(){'use strict';var d=document;\n"
    "var h=d.querySelector('h2');if(h)d.title='yoloflops: '+h.textContent;\n"
    "function key(c){if(!c)return null;var s=c.getAttribute('data-v')||c.title||c.textContent;"
    "if(s==='')return null;var v=Number(s.replace(/,/g,''));return isNaN(v)?s.toLowerCase():v}\n"
    "function sort(t,i,th){var desc=th.getAttribute('aria-sort')!=='descending';"
    "var hs=t.tHead.rows[0].cells;for(var j=0;j<hs.length;j++)hs[j].removeAttribute('aria-sort');"
    "th.setAttribute('aria-sort',desc?'descending':'ascending');var b=t.tBodies[0];"
    "var rs=Array.prototype.slice.call(b.rows).map(function(r,n){return[key(r.cells[i]),n,r]});"
    "rs.sort(function(x,y){var a=x[0],c=y[0];if(a===c)return x[1]-y[1];if(a===null)return 1;"
    "if(c===null)return -1;if(typeof a!==typeof c)return typeof a==='number'?-1:1;"
    "return (a<c?-1:1)*(desc?-1:1)});"
    "rs.forEach(function(r){b.appendChild(r[2])})}\n"
    "Array.prototype.forEach.call(d.querySelectorAll('table.yf-sort'),function(t){"
    "Array.prototype.forEach.call(t.tHead.rows[0].cells,function(th,i){"
    "var bt=d.createElement('button');bt.type='button';"
    "while(th.firstChild)bt.appendChild(th.firstChild);th.appendChild(bt);"
    "bt.addEventListener('click',function(){sort(t,i,th)})})});\n"
    "var tip=d.createElement('div');tip.id='yf-tip';d.body.appendChild(tip);\n"
    "function text(el){if(!el||!el.closest||!el.closest('svg'))return null;"
    "var t=el.querySelector(':scope>title');if(t){el.setAttribute('data-tip',t.textContent);"
    "el.removeChild(t)}return el.getAttribute('data-tip')}\n"
    "d.addEventListener('mouseover',function(e){var s=text(e.target);"
    "if(s){tip.textContent=s;tip.style.display='block'}else tip.style.display='none'});\n"
    "d.addEventListener('mousemove',function(e){if(tip.style.display!=='block')return;"
    "var x=e.clientX+14,y=e.clientY+14,r=tip.getBoundingClientRect();"
    "if(x+r.width>innerWidth)x=e.clientX-r.width-10;if(y+r.height>innerHeight)"
    "y=e.clientY-r.height-10;tip.style.left=Math.max(0,x)+'px';tip.style.top=Math.max(0,y)+'px'});\n"
    "d.documentElement.setAttribute('data-yf-js','1')})();\n";

void yf_html_script(yf_writer *w)
{
    yf_writer_puts(w, "<script>\n");
    yf_writer_put(w, js, sizeof(js) - 1);
    yf_writer_puts(w, "</script>\n");
}
