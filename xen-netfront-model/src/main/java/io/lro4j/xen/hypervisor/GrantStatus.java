package io.lro4j.xen.hypervisor;

/**
 * Status codes of grant-table operations ({@code GNTST_*}, Xen 3.1 {@code public/grant_table.h}). Success is
 * 0; failures are negative, as the hypervisor returns them in each operation's {@code status} field.
 */
public final class GrantStatus {

    /** The operation succeeded. */
    public static final int OKAY = 0;
    /** A failure with no more specific code: a grant not for this domain, a write to a read-only grant, an entry that grants nothing. */
    public static final int GENERAL_ERROR = -1;
    /** An unknown domain. */
    public static final int BAD_DOMAIN = -2;
    /** A grant reference beyond the table. */
    public static final int BAD_GNTREF = -3;
    /** An unknown map handle. */
    public static final int BAD_HANDLE = -4;
    /** A copy that would cross a page boundary. */
    public static final int BAD_COPY_ARG = -10;

    private GrantStatus() {
    }

    /**
     * @param status a status code
     * @return its {@code GNTST_} name
     */
    public static String name(final int status) {
        return switch (status) {
            case OKAY -> "GNTST_okay";
            case GENERAL_ERROR -> "GNTST_general_error";
            case BAD_DOMAIN -> "GNTST_bad_domain";
            case BAD_GNTREF -> "GNTST_bad_gntref";
            case BAD_HANDLE -> "GNTST_bad_handle";
            case BAD_COPY_ARG -> "GNTST_bad_copy_arg";
            default -> "GNTST_" + status;
        };
    }
}
