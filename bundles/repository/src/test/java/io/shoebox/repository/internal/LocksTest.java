package io.shoebox.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.shoebox.repository.Repository.LockInfo;
import io.shoebox.repository.RepositoryException;
import io.shoebox.repository.RepositoryException.Reason;
import io.shoebox.repository.RepositoryLock;
import io.shoebox.repository.internal.crypto.Hex;
import io.shoebox.repository.internal.crypto.MasterKey;
import io.shoebox.repository.internal.format.Json;
import io.shoebox.repository.internal.format.Sealed;

class LocksTest extends RepositoryFixture {

    DefaultRepository openWith(Duration lease, Duration refresh) throws Exception {
        return DefaultRepository.open(storage(), PASSWORD, null,
                fast().withLocks(lease, refresh, Duration.ofMillis(20)), SILENT);
    }

    @Test
    void shared_locks_coexist_and_exclude_an_exclusive_one_whose_error_names_the_holder() throws Exception {
        init().close();
        try (DefaultRepository a = open(); DefaultRepository b = open()) {
            RepositoryLock first = a.lock(false);
            RepositoryLock second = b.lock(false);
            assertThat(lockFiles()).hasSize(2);
            assertThatThrownBy(() -> b.lock(true)).isInstanceOfSatisfying(RepositoryException.class, e -> {
                assertThat(e.reason()).isEqualTo(Reason.LOCKED);
                assertThat(e.getMessage()).contains("shared lock held by").contains("pid " + ProcessHandle.current().pid());
            });
            assertThat(lockFiles()).hasSize(2); // the failed attempt left nothing
            first.close();
            second.close();
            assertThat(lockFiles()).isEmpty();
            try (RepositoryLock exclusive = b.lock(true)) {
                assertThat(exclusive.exclusive()).isTrue();
                assertThatThrownBy(() -> a.lock(false)).isInstanceOfSatisfying(RepositoryException.class,
                        e -> assertThat(e.getMessage()).contains("an exclusive lock held by"));
                assertThatThrownBy(() -> a.lock(true)).isInstanceOfSatisfying(RepositoryException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.LOCKED));
            }
        }
    }

    @Test
    void a_held_lock_is_refreshed_and_stays_fresh_beyond_its_lease() throws Exception {
        init().close();
        try (DefaultRepository holder = openWith(Duration.ofMillis(400), Duration.ofMillis(100));
                DefaultRepository other = openWith(Duration.ofMillis(400), Duration.ofMillis(100))) {
            try (RepositoryLock lock = holder.lock(true)) {
                Path before = lockFiles().get(0);
                Thread.sleep(1000);
                assertThatThrownBy(() -> other.lock(false)).isInstanceOfSatisfying(RepositoryException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.LOCKED));
                assertThat(lockFiles()).hasSize(1).doesNotContain(before); // rewritten, old one deleted
            }
        }
    }

    @Test
    void a_lock_whose_holder_died_goes_stale_after_its_lease_and_is_removed_by_the_next_taker() throws Exception {
        init().close();
        try (DefaultRepository crashed = openWith(Duration.ofMillis(300), Duration.ofMinutes(1));
                DefaultRepository next = openWith(Duration.ofMillis(300), Duration.ofMinutes(1))) {
            crashed.lock(true);
            crashed.abandonLocks(); // the process dies: no refresh, no release
            Path stale = lockFiles().get(0);
            assertThatThrownBy(() -> next.lock(true)).isInstanceOfSatisfying(RepositoryException.class,
                    e -> assertThat(e.reason()).isEqualTo(Reason.LOCKED));
            Thread.sleep(500);
            try (RepositoryLock lock = next.lock(true)) {
                assertThat(lockFiles()).hasSize(1).doesNotContain(stale);
            }
        }
    }

    @Test
    void racing_exclusive_lockers_never_both_win() throws Exception {
        init().close();
        try (DefaultRepository a = openWith(Duration.ofMinutes(3), Duration.ofMinutes(1));
                DefaultRepository b = openWith(Duration.ofMinutes(3), Duration.ofMinutes(1))) {
            for (int round = 0; round < 5; round++) {
                var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
                var fa = pool.submit(() -> a.lock(true));
                var fb = pool.submit(() -> b.lock(true));
                List<RepositoryLock> winners = new java.util.ArrayList<>();
                for (var future : List.of(fa, fb)) {
                    try {
                        winners.add(future.get());
                    } catch (java.util.concurrent.ExecutionException e) {
                        assertThat(e.getCause()).isInstanceOf(RepositoryException.class);
                    }
                }
                pool.shutdown();
                assertThat(winners).hasSizeLessThanOrEqualTo(1);
                for (RepositoryLock lock : winners) {
                    lock.close();
                }
            }
        }
    }

    // ---------------------------------------------------------------- locks of processes that are gone

    @Test
    void a_lock_of_a_process_on_this_host_that_is_gone_is_stale_at_once() throws Exception {
        init().close();
        try (DefaultRepository repository = open()) {
            String lock = writeLock(true, Locks.localHostname(), deadPid(), Instant.now().minusSeconds(3600),
                    Duration.ofMinutes(3));

            assertThat(repository.locks()).singleElement().satisfies(info -> {
                assertThat(info.id()).isEqualTo(lock);
                assertThat(info.stale()).isTrue();
                assertThat(info.description()).startsWith("exclusive lock held by " + Locks.localHostname())
                        .endsWith("on this host is gone");
                assertThat(info.expires()).isAfter(Instant.now()); // its lease alone would still hold
            });
            try (RepositoryLock taken = repository.lock(true)) {
                assertThat(lockNames()).doesNotContain(lock);
            }
        }
    }

    @Test
    void a_lock_whose_pid_now_belongs_to_a_process_started_at_another_time_is_stale_at_once() throws Exception {
        Assumptions.assumeTrue(Locks.processStart() != null, "the system does not say when processes start");
        init().close();
        try (DefaultRepository repository = open()) {
            // this process is alive, but the lock names an earlier process that had the same pid
            long pid = ProcessHandle.current().pid();
            String lock = writeLock(true, Locks.localHostname(), pid, Locks.processStart().minusSeconds(600),
                    Duration.ofMinutes(3));

            assertThat(repository.locks()).singleElement().satisfies(info -> {
                assertThat(info.stale()).isTrue();
                assertThat(info.description()).contains("process " + pid + " on this host is another process now");
            });
            assertThat(repository.unlock(false)).extracting(LockInfo::id).containsExactly(lock);
            assertThat(lockFiles()).isEmpty();
        }
    }

    @Test
    void a_lock_of_this_process_is_not_stale_even_for_another_repository_object() throws Exception {
        init().close();
        try (DefaultRepository holder = open(); DefaultRepository other = open()) {
            String lock = writeLock(false, Locks.localHostname(), ProcessHandle.current().pid(),
                    Locks.processStart(), Duration.ofMinutes(3));
            try (RepositoryLock taken = holder.lock(false)) {
                assertThat(other.locks()).hasSize(2).noneMatch(LockInfo::stale);
                assertThat(other.unlock(false)).isEmpty();
                assertThatThrownBy(() -> other.lock(true)).isInstanceOfSatisfying(RepositoryException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.LOCKED));
                assertThat(lockNames()).contains(lock);
            }
        }
    }

    @Test
    void a_lock_of_another_host_stays_until_its_lease_ends_even_if_its_pid_is_free_here() throws Exception {
        init().close();
        try (DefaultRepository repository = open()) {
            String lock = writeLock(true, "elsewhere-" + Locks.localHostname(), deadPid(), Instant.now(),
                    Duration.ofMillis(600));

            assertThat(repository.locks()).singleElement().satisfies(info -> {
                assertThat(info.stale()).isFalse();
                assertThat(info.description()).contains("fresh until");
            });
            assertThatThrownBy(() -> repository.lock(false)).isInstanceOfSatisfying(RepositoryException.class,
                    e -> assertThat(e.getMessage()).contains("an exclusive lock held by elsewhere-"));
            assertThat(repository.unlock(false)).isEmpty();

            Thread.sleep(1000);
            assertThat(repository.locks()).singleElement().satisfies(info -> {
                assertThat(info.stale()).isTrue();
                assertThat(info.description()).contains("expired at");
            });
            try (RepositoryLock taken = repository.lock(true)) {
                assertThat(lockNames()).doesNotContain(lock);
            }
        }
    }

    @Test
    void unlock_removes_stale_locks_only_and_unlock_all_removes_fresh_and_unreadable_ones_too() throws Exception {
        init().close();
        try (DefaultRepository holder = open(); DefaultRepository operator = open()) {
            RepositoryLock held = holder.lock(false);
            String gone = writeLock(false, Locks.localHostname(), deadPid(), null, Duration.ofMinutes(3));
            storage().create(Locks.PREFIX + "unreadable", io.shoebox.api.storage.ByteSource.of(new byte[] {1, 2, 3}));

            assertThat(operator.locks()).hasSize(3);
            assertThat(operator.locks()).filteredOn(info -> info.id().equals("unreadable")).singleElement()
                    .satisfies(info -> {
                        assertThat(info.stale()).isFalse(); // unreadable objects count for 30 minutes
                        assertThat(info.description()).startsWith("unreadable lock object");
                    });
            assertThat(operator.unlock(false)).extracting(LockInfo::id).containsExactly(gone);
            assertThat(lockFiles()).hasSize(2);

            List<LockInfo> removed = operator.unlock(true);
            assertThat(removed).hasSize(2).extracting(LockInfo::stale).containsOnly(false);
            assertThat(lockFiles()).isEmpty();
            try (RepositoryLock exclusive = operator.lock(true)) {
                assertThat(exclusive.exclusive()).isTrue();
            }
            held.close();
        }
    }

    @Test
    void a_lock_states_the_start_of_its_process() throws Exception {
        Assumptions.assumeTrue(Locks.processStart() != null, "the system does not say when processes start");
        init().close();
        try (DefaultRepository repository = open(); RepositoryLock lock = repository.lock(true)) {
            byte[] sealed = Files.readAllBytes(lockFiles().get(0));
            var json = Json.parse(Sealed.LOCK.open(repository.masterKey(), sealed, "lock"), "lock");
            assertThat(Instant.parse(json.path("processStart").asText())).isEqualTo(Locks.processStart());
            assertThat(json.path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
        }
    }

    /** Writes a lock object as another process would; returns its name. */
    String writeLock(boolean exclusive, String hostname, long pid, Instant processStart, Duration lease)
            throws Exception {
        try (DefaultRepository repository = open()) {
            Instant now = Instant.now();
            ObjectNode json = Json.object();
            json.put("exclusive", exclusive);
            json.put("hostname", hostname);
            json.put("pid", pid);
            if (processStart != null) {
                json.put("processStart", processStart.toString());
            }
            json.put("created", now.minusSeconds(30).toString());
            json.put("refreshed", now.toString());
            json.put("expires", now.plus(lease).toString());
            String name = Hex.of(MasterKey.randomBytes(32));
            storage().create(Locks.PREFIX + name,
                    io.shoebox.api.storage.ByteSource.of(Sealed.LOCK.seal(repository.masterKey(), Json.bytes(json))));
            return name;
        }
    }

    /** A pid no process on this host has. */
    static long deadPid() {
        long pid = 3_999_999;
        while (ProcessHandle.of(pid).isPresent()) {
            pid++;
        }
        return pid;
    }

    List<String> lockNames() throws Exception {
        return lockFiles().stream().map(path -> path.getFileName().toString()).toList();
    }

    List<Path> lockFiles() throws Exception {
        Path locks = root().resolve("locks");
        if (!Files.isDirectory(locks)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(locks)) {
            return files.toList();
        }
    }
}
