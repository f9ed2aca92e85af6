package dev.crashtriage.kernel;

/** What kind of kernel incident was found; {@link #id()} is the stable name used in JSON and signatures. */
public enum IncidentKind {
    OOPS("oops"),
    BUG("bug"),
    WARNING("warning"),
    GENERAL_PROTECTION_FAULT("gpf"),
    PANIC("panic"),
    KASAN("kasan"),
    SANITIZER("sanitizer"),
    LOCKDEP("lockdep"),
    LIST_CORRUPTION("list-corruption"),
    DOUBLE_FAULT("double-fault"),
    SOFT_LOCKUP("soft-lockup"),
    HARD_LOCKUP("hard-lockup"),
    RCU_STALL("rcu-stall"),
    HUNG_TASK("hung-task"),
    TASK_DUMP("task-dump"),
    OOM_KILL("oom-kill"),
    PAGE_ALLOCATION_FAILURE("page-allocation-failure"),
    STACK_OVERFLOW("stack-overflow"),
    MACHINE_CHECK("machine-check"),
    HARDWARE_ERROR("hardware-error"),
    EDAC("edac"),
    IO_ERROR("io-error"),
    ATA_ERROR("ata-error"),
    SCSI_ERROR("scsi-error"),
    FS_ERROR("fs-error"),
    JOURNAL_ABORT("journal-abort"),
    FS_RECOVERY("fs-recovery"),
    NIC_TX_TIMEOUT("nic-tx-timeout"),
    UNCLEAN_REBOOT("unclean-reboot"),
    OTHER("other");

    private final String id;

    IncidentKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The facts an incident of this kind may carry (the vocabulary of {@link Facts}). */
    public java.util.Collection<Fact<?>> facts() {
        return Facts.of(this);
    }

    public static IncidentKind fromId(String id) {
        for (IncidentKind k : values()) {
            if (k.id.equals(id)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown incident kind '" + id + "'");
    }
}
