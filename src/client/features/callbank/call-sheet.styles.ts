/**
 * The call sheet's own stylesheet, mounted only while a sheet is shown (so `@page` never changes
 * how other screens print): an A4 page, each person kept whole on one page, the toolbar hidden.
 */
export const CALL_SHEET_CSS = `
@page { size: A4; margin: 12mm; }
.call-sheet { max-width: 186mm; margin: 0 auto; padding: 16px; color: #000; background: #fff; font-size: 11pt; line-height: 1.35; }
.call-sheet h1 { font-size: 17pt; margin: 0 0 2mm; }
.call-sheet h2 { font-size: 11pt; margin: 3mm 0 1mm; text-transform: uppercase; letter-spacing: .04em; }
.call-sheet h3 { font-size: 12.5pt; margin: 0; }
.call-sheet p { margin: 0 0 1mm; }
.call-sheet-toolbar { margin-bottom: 12px; padding-bottom: 8px; border-bottom: 1px solid #ddd; }
.call-sheet-head p { color: #333; font-size: 9.5pt; }
.call-sheet-briefing p { white-space: pre-wrap; font-size: 9pt; }
.call-sheet-script { font-size: 9pt; border: 1px solid #999; padding: 2mm 3mm; margin: 3mm 0; break-inside: avoid; page-break-inside: avoid; }
.call-sheet-script ol { margin: 0; padding-left: 5mm; }
.call-sheet-question { padding-left: 2mm; }
.call-sheet-dim { color: #555; }
.call-sheet-box { display: inline-block; width: 3.2mm; height: 3.2mm; border: 0.3mm solid #000; margin: 0 1.2mm 0 0.6mm; vertical-align: -0.5mm; }
.call-sheet-person { display: flex; gap: 4mm; align-items: flex-start; border-top: 0.4mm solid #000; padding: 3mm 0; break-inside: avoid; page-break-inside: avoid; }
.call-sheet-person-main { flex: 1; min-width: 0; }
.call-sheet-commune { font-weight: normal; }
.call-sheet-phone { font-size: 13pt; font-weight: 600; letter-spacing: .03em; }
.call-sheet-meta { font-size: 9pt; color: #333; }
.call-sheet-outcomes { display: flex; flex-wrap: wrap; gap: 1mm 3mm; font-size: 9.5pt; margin: 1.5mm 0; }
.call-sheet-tick { white-space: nowrap; }
.call-sheet-notes { display: flex; flex-direction: column; gap: 5.5mm; font-size: 9pt; color: #333; }
.call-sheet-line { display: block; border-bottom: 0.2mm solid #777; }
.call-sheet-qr { margin: 0; display: flex; flex-direction: column; align-items: center; font-size: 7.5pt; color: #333; }
@media print {
  html, body { background: #fff !important; }
  .no-print { display: none !important; }
  .call-sheet { max-width: none; padding: 0; }
  .call-sheet-head { break-after: avoid; page-break-after: avoid; }
}
`;
