package io.lro4j.testbed.report;

import java.util.List;
import java.util.Objects;

/**
 * One table of the report: a title, a note under it, a header row and data rows of already formatted
 * cells. Rendered by {@link TableFormat}.
 *
 * @param id a short name (file names, JSON keys), such as {@code "table2"}
 * @param title the title
 * @param note what the reader should know (sources, definitions), may be empty
 * @param header column names
 * @param rows the rows, each as long as the header
 */
public record Table(String id, String title, String note, List<String> header, List<List<String>> rows) {

    /**
     * @throws IllegalArgumentException if a row's width differs from the header's
     */
    public Table {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(note, "note");
        header = List.copyOf(header);
        rows = rows.stream().map(List::copyOf).toList();
        for (final List<String> r : rows) {
            if (r.size() != header.size()) {
                throw new IllegalArgumentException("table " + id + ": a row has " + r.size() + " cells, the header " + header.size());
            }
        }
    }
}
