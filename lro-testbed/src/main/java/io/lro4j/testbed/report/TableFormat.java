package io.lro4j.testbed.report;

import java.util.List;
import java.util.stream.Collectors;

/** Renders {@link Table}s as aligned text for the terminal, Markdown and CSV (RFC 4180 quoting). */
public final class TableFormat {

    private TableFormat() {
    }

    /**
     * @param t a table
     * @return aligned plain text: title, header, rows, note
     */
    public static String text(final Table t) {
        final int[] w = widths(t);
        final StringBuilder b = new StringBuilder(t.title()).append('\n');
        line(b, t.header(), w);
        for (final List<String> r : t.rows()) {
            line(b, r, w);
        }
        if (!t.note().isEmpty()) {
            b.append("  ").append(t.note()).append('\n');
        }
        return b.toString();
    }

    private static int[] widths(final Table t) {
        final int[] w = new int[t.header().size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = t.header().get(i).length();
            for (final List<String> r : t.rows()) {
                w[i] = Math.max(w[i], r.get(i).length());
            }
        }
        return w;
    }

    private static void line(final StringBuilder b, final List<String> cells, final int[] w) {
        b.append(' ');
        for (int i = 0; i < cells.size(); i++) {
            final String c = cells.get(i);
            b.append(' ');
            if (i == 0) {
                b.append(c).append(" ".repeat(w[i] - c.length()));
            } else {
                b.append(" ".repeat(w[i] - c.length())).append(c);
            }
        }
        b.append('\n');
    }

    /**
     * @param t a table
     * @return a Markdown section: heading, pipe table, note
     */
    public static String markdown(final Table t) {
        final StringBuilder b = new StringBuilder("### ").append(t.title()).append("\n\n");
        b.append(t.header().stream().map(TableFormat::md).collect(Collectors.joining(" | ", "| ", " |\n")));
        b.append("| ---").append(" | ---:".repeat(t.header().size() - 1)).append(" |\n");
        for (final List<String> r : t.rows()) {
            b.append(r.stream().map(TableFormat::md).collect(Collectors.joining(" | ", "| ", " |\n")));
        }
        if (!t.note().isEmpty()) {
            b.append('\n').append(t.note()).append('\n');
        }
        return b.append('\n').toString();
    }

    private static String md(final String cell) {
        return cell.replace("|", "\\|");
    }

    /**
     * @param t a table
     * @return CSV: the header line, then the rows
     */
    public static String csv(final Table t) {
        final StringBuilder b = new StringBuilder();
        b.append(t.header().stream().map(TableFormat::csvCell).collect(Collectors.joining(",", "", "\n")));
        for (final List<String> r : t.rows()) {
            b.append(r.stream().map(TableFormat::csvCell).collect(Collectors.joining(",", "", "\n")));
        }
        return b.toString();
    }

    private static String csvCell(final String c) {
        return c.contains(",") || c.contains("\"") || c.contains("\n") ? '"' + c.replace("\"", "\"\"") + '"' : c;
    }
}
