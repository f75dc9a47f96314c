package io.shoebox.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.shoebox.repository.RepositoryException;
import io.shoebox.repository.RepositoryException.Reason;
import io.shoebox.repository.RepositoryLock;

class LocksTest extends RepositoryFixture {

    DefaultRepository openWith(Duration lease, Duration refresh) throws Exception {
        return DefaultRepository.open(storage(), PASSWORD, null,
                fast().withLocks(lease, refresh, Duration.ofMillis(20)));
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
