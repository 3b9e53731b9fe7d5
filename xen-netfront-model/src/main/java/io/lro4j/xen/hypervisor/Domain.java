package io.lro4j.xen.hypervisor;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A domain: the driver domain (domain 0) or a guest. It owns page frames, its {@link GrantTable} and its
 * event channel ports; everything it does to another domain goes through the {@link Hypervisor}. Its work runs
 * as tasks on its one {@link Vcpu}.
 */
public final class Domain {

    private final Hypervisor hypervisor;
    private final int id;
    private final String name;
    private final GrantTable grants;
    private final Vcpu vcpu;

    Domain(final Hypervisor hypervisor, final int id, final String name, final int grantEntries) {
        this.hypervisor = hypervisor;
        this.id = id;
        this.name = Objects.requireNonNull(name, "name");
        this.grants = new GrantTable(grantEntries);
        this.vcpu = new Vcpu(hypervisor.scheduler(), name);
    }

    /** @return the domain id ({@code domid_t}) */
    public int id() {
        return id;
    }

    /** @return its name, such as {@code "Domain-0"} */
    public String name() {
        return name;
    }

    /** @return its grant table */
    public GrantTable grants() {
        return grants;
    }

    /** @return its virtual CPU, on which everything the domain does runs */
    public Vcpu vcpu() {
        return vcpu;
    }

    /** @return the hypervisor it runs on */
    public Hypervisor hypervisor() {
        return hypervisor;
    }

    /**
     * Allocates a zeroed page frame owned by this domain.
     *
     * @return the frame number
     */
    public int allocatePage() {
        return hypervisor.allocateFrame(this);
    }

    /**
     * @param frame a frame this domain owns
     * @return the page's memory (big-endian, {@link Hypervisor#PAGE_SIZE} bytes)
     */
    public ByteBuffer page(final int frame) {
        return hypervisor.frame(this, frame);
    }

    /**
     * Frees a page frame this domain owns.
     *
     * @param frame the frame
     */
    public void freePage(final int frame) {
        hypervisor.freeFrame(this, frame);
    }

    @Override
    public String toString() {
        return name + " (domid " + id + ")";
    }
}
