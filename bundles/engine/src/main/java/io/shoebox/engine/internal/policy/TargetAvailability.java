package io.shoebox.engine.internal.policy;

import java.util.Optional;

import io.shoebox.api.admin.TargetInfo;

/** How a policy run waits for a target that is unavailable: until it is available, or a limit. */
@FunctionalInterface
interface TargetAvailability {

    /**
     * The target as soon as it is available, or as it is when {@code timeoutMillis} have passed; empty
     * when there is no such target.
     */
    Optional<TargetInfo> await(String target, long timeoutMillis) throws InterruptedException;
}
