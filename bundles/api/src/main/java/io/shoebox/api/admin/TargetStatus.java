package io.shoebox.api.admin;

/** Whether a target's storage can be used now. */
public enum TargetStatus {
    /** Its provider is installed and has registered the target's storage service. */
    AVAILABLE,
    /** Configured, but its provider is missing, stopped or cannot start it; see the reason. */
    UNAVAILABLE
}
