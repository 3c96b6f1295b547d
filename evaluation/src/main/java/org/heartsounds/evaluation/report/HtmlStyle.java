package org.heartsounds.evaluation.report;

/**
 * The report's inline style sheet: system fonts, tabular numbers, light tables, print-friendly. Charts are shown at
 * their rendered size (800 px) or smaller, never scaled below a readable size side by side: a {@code .pair} puts two
 * charts next to each other only where each gets 720 px.
 */
public final class HtmlStyle {
    public static final String CSS = """
            :root { --fg: #1f2328; --muted: #57606a; --border: #d0d7de; --alt: #f6f8fa; --accent: #0b3d6e; }
            * { box-sizing: border-box; }
            body { margin: 0; color: var(--fg); background: #fff; line-height: 1.5;
                   font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
            header { background: var(--accent); color: #fff; padding: 20px 32px 12px; }
            header h1 { margin: 0 0 4px; font-size: 26px; font-weight: 600; }
            header p { margin: 0 0 10px; opacity: 0.9; }
            nav { display: flex; flex-wrap: wrap; gap: 4px 16px; }
            nav a { color: #fff; font-size: 14px; text-decoration: none; white-space: nowrap;
                    border-bottom: 1px solid rgba(255,255,255,0.4); }
            nav a:hover { border-bottom-color: #fff; }
            main { max-width: 1120px; margin: 0 auto; padding: 0 32px 48px; }
            .cards { display: flex; flex-wrap: wrap; gap: 12px; max-width: 1120px; margin: 20px auto 0;
                     padding: 0 32px; }
            .card { border: 1px solid var(--border); border-radius: 8px; padding: 10px 18px; min-width: 160px; }
            .card .k { color: var(--muted); font-size: 13px; }
            .card .v { font-size: 26px; font-weight: 600; font-variant-numeric: tabular-nums; }
            .card .ci { color: var(--muted); font-size: 12px; }
            section { margin-top: 36px; }
            h2 { font-size: 20px; font-weight: 600; border-bottom: 1px solid var(--border); padding-bottom: 6px; }
            table { border-collapse: collapse; font-size: 14px; margin: 10px 0; }
            th, td { padding: 5px 12px; border-bottom: 1px solid var(--border); vertical-align: top; }
            thead th { background: var(--alt); text-align: left; font-weight: 600; }
            tbody th { text-align: left; font-weight: 600; }
            tbody tr:nth-child(even) { background: #fbfcfd; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            tr.avg th, tr.avg td { background: var(--alt); }
            .scroll { max-width: 100%; overflow-x: auto; }
            table.kv th { width: 220px; }
            table.kv td code { overflow-wrap: anywhere; }
            table.confusion td { text-align: center; min-width: 72px; }
            table.confusion td.diag { font-weight: 700; }
            table.errors td.pred { font-weight: 700; color: #b3261e; }
            table.errors td.true { font-weight: 700; color: #0b6e3d; }
            pre { background: var(--alt); border: 1px solid var(--border); border-radius: 6px; padding: 12px 16px;
                  overflow: auto; font-size: 13px; max-height: 480px; }
            code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; }
            figure { margin: 12px 0; }
            figure img { max-width: 100%; height: auto; border: 1px solid var(--border); border-radius: 6px; }
            figcaption { color: var(--muted); font-size: 13px; }
            .pair { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 720px), 1fr));
                    column-gap: 16px; }
            .muted { color: var(--muted); }
            .gallery { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 260px), 1fr));
                       gap: 12px; }
            .gallery figure { margin: 0; }
            .gallery figcaption { overflow-wrap: anywhere; }
            .samples { display: flex; flex-wrap: wrap; gap: 8px; }
            .samples img { width: 128px; height: auto; image-rendering: pixelated; border: 1px solid var(--border); }
            h3 { font-size: 17px; margin: 24px 0 6px; }
            h4 { font-size: 14px; margin: 14px 0 6px; color: var(--muted); font-weight: 600; }
            details summary { cursor: pointer; color: var(--muted); }
            @media print { header { background: none; color: var(--fg); } nav { display: none; }
                           section { break-inside: avoid-page; } }
            """;

    private HtmlStyle() {
    }
}
