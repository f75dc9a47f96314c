package io.shoebox.engine.internal.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

/** The chunk buffer pool: a fixed number of buffers, reused, grown for a larger chunk. */
class ChunkBuffersTest {

    @Test
    void at_most_the_given_number_of_buffers_is_out_and_a_taker_waits_for_one_to_come_back() throws Exception {
        ChunkBuffers buffers = new ChunkBuffers(2, 64);
        byte[] first = buffers.take(64);
        byte[] second = buffers.take(10);
        assertThat(first).isNotSameAs(second).hasSize(64);
        assertThat(buffers.free()).isZero();

        CompletableFuture<byte[]> third = CompletableFuture.supplyAsync(() -> {
            try {
                return buffers.take(64);
            } catch (InterruptedIOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThatThrownBy(() -> third.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);

        buffers.release(second);
        assertThat(third.get(5, TimeUnit.SECONDS)).as("the buffer handed back, reused").isSameAs(second);
    }

    @Test
    void a_buffer_too_small_for_a_chunk_is_replaced_by_a_larger_one_which_stays_in_the_pool() throws Exception {
        ChunkBuffers buffers = new ChunkBuffers(1, 16);

        byte[] doubled = buffers.take(17);
        assertThat(doubled).as("twice the size when that is enough").hasSize(32);
        buffers.release(doubled);
        byte[] chunkSized = buffers.take(100);
        assertThat(chunkSized).as("the chunk's length when twice is not enough").hasSize(100);
        buffers.release(chunkSized);

        assertThat(buffers.take(50)).as("a large enough buffer is handed out as it is").isSameAs(chunkSized);
        assertThat(buffers.free()).isZero();
    }

    @Test
    void a_taker_interrupted_while_waiting_gets_an_interrupted_io_exception_and_stays_interrupted() throws Exception {
        ChunkBuffers buffers = new ChunkBuffers(1, 8);
        buffers.take(8);

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> buffers.take(8)).isInstanceOf(InterruptedIOException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
