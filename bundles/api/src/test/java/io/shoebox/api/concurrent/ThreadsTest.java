package io.shoebox.api.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ThreadsTest {

    @Test
    void threads_are_daemons_named_after_their_purpose_and_numbered_per_factory() {
        ThreadFactory uploads = Threads.named("upload");
        Thread first = uploads.newThread(() -> { });
        Thread second = uploads.newThread(() -> { });
        Thread other = Threads.named("restore").newThread(() -> { });

        assertThat(first.getName()).isEqualTo("shoebox-upload-1");
        assertThat(second.getName()).isEqualTo("shoebox-upload-2");
        assertThat(other.getName()).isEqualTo("shoebox-restore-1");
        assertThat(first.isDaemon()).isTrue();
        assertThat(first.getPriority()).isEqualTo(Thread.NORM_PRIORITY);
    }

    @Test
    void background_threads_keep_the_priority_they_were_given() {
        Thread thread = Threads.named("catalog", Thread.NORM_PRIORITY - 1).newThread(() -> { });

        assertThat(thread.getPriority()).isEqualTo(Thread.NORM_PRIORITY - 1);
    }

    @Test
    void a_pool_runs_its_work_on_threads_of_its_purpose() throws Exception {
        ExecutorService pool = Threads.pool("check", 2);
        try {
            Future<String> name = pool.submit(() -> Thread.currentThread().getName());

            assertThat(name.get(10, TimeUnit.SECONDS)).startsWith("shoebox-check-");
        } finally {
            pool.shutdownNow();
        }
    }
}
