// The report's stylesheet, inlined in the HTML file so it is self-contained (no network at view
// time). Letter paper for the board's package; the summary is one page, the detail follows.
export const REPORT_CSS = `
@page { size: Letter; }
* { box-sizing: border-box; }
body { font: 10.5pt/1.4 "Liberation Sans", "DejaVu Sans", Arial, sans-serif; color: #223654; margin: 0 auto; max-width: 60rem; padding: 1.5rem; background: #fff; }
header.doc { border-bottom: 4px solid #095797; padding-bottom: .6rem; margin-bottom: 1rem; }
header.doc .body { font-size: 10pt; color: #5b6770; text-transform: uppercase; letter-spacing: .04em; }
h1 { font-size: 19pt; margin: .2rem 0; color: #095797; }
h2 { font-size: 13.5pt; color: #095797; border-bottom: 1px solid #c5cdd6; padding-bottom: .2rem; margin: 1.4rem 0 .6rem; break-after: avoid; }
h3 { font-size: 11pt; margin: 1rem 0 .4rem; break-after: avoid; }
p { margin: .3rem 0 .6rem; }
.period { color: #5b6770; }
.tiles { display: grid; grid-template-columns: repeat(3, 1fr); gap: .6rem; margin: .8rem 0; }
.tile { border: 1px solid #c5cdd6; border-left: 5px solid #095797; padding: .45rem .6rem; border-radius: 3px; break-inside: avoid; }
.tile .k { font-size: 8.5pt; color: #5b6770; text-transform: uppercase; letter-spacing: .03em; }
.tile .v { font-size: 20pt; font-weight: bold; color: #095797; line-height: 1.15; }
.tile .s { font-size: 9pt; color: #5b6770; }
ul.highlights { margin: .3rem 0 .6rem; padding-left: 1.2rem; }
ul.highlights li { margin: .15rem 0; }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
.cols > div { min-width: 0; }
table { border-collapse: collapse; width: 100%; margin: .3rem 0 .8rem; font-size: 9.5pt; break-inside: auto; }
tr { break-inside: avoid; }
th, td { text-align: left; padding: .22rem .4rem; border-bottom: 1px solid #e1e6eb; vertical-align: middle; }
thead th { border-bottom: 2px solid #095797; font-size: 8.5pt; text-transform: uppercase; letter-spacing: .02em; color: #5b6770; }
td.n, th.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tfoot td { font-weight: bold; border-top: 2px solid #c5cdd6; }
.flag { display: inline-block; font-size: 8pt; padding: 0 .35rem; border-radius: 2px; margin-right: .2rem; white-space: nowrap; }
.flag.hausse { background: #fbe3e0; color: #8e2b20; }
.flag.baisse { background: #e2f0e3; color: #245b27; }
.flag.recurrente { background: #e4ecf5; color: #095797; }
.note { color: #5b6770; font-size: 8.5pt; }
.chart { display: block; max-width: 100%; height: auto; margin: .2rem 0 .6rem; }
.summary { break-after: page; }
.summary .chart { max-height: 58mm; }
section.detail { break-before: auto; }
footer.doc { margin-top: 1.2rem; border-top: 1px solid #c5cdd6; padding-top: .4rem; }
@media print { body { padding: 0; max-width: none; } }
`;
