package io.shoebox.engine.internal.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.shoebox.api.source.FileAttributes;
import io.shoebox.api.source.SourceEntry;
import io.shoebox.repository.BlobId;
import io.shoebox.repository.BlobType;
import io.shoebox.repository.Node;
import io.shoebox.repository.NodeAttributes;
import io.shoebox.repository.RepositoryWriter;
import io.shoebox.repository.Snapshot;
import io.shoebox.repository.Tree;

/**
 * Building trees as the walk goes: folders are stored deepest first as the walk leaves them, each
 * once its entries are done and without holding up the walk; a checkpoint holds exactly the entries
 * finished so far; the parent snapshot's trees are read for the folders the walk enters.
 */
class TreeBuilderTest {

    private static final Instant OLDER = Instant.parse("2022-01-01T00:00:00Z");
    private static final Instant NEWER = Instant.parse("2023-06-01T00:00:00Z");
    /** Stores a tree on the thread that finishes its last entry, so the tests see each store as it happens. */
    private static final Executor AT_ONCE = Runnable::run;
    private static final TreeBuilder.PreviousTrees NONE = (tree, path) -> null;

    private final TreeRecorder writer = new TreeRecorder();
    private final JobContext context = new JobContext(() -> { });

    @Test
    void folders_are_stored_deepest_first_as_the_walk_leaves_them_each_with_its_entries() throws Exception {
        TreeBuilder trees = new TreeBuilder(writer, AT_ONCE, NONE, null, context);

        trees.moveTo("a/b");
        trees.add(done(file("x", OLDER)));
        trees.moveTo("a");
        trees.add(done(file("y", NEWER)));
        trees.moveTo("c");
        trees.add(done(file("z", OLDER)));
        trees.moveTo("");
        trees.add(done(file("w", OLDER)));
        BlobId root = trees.finish();

        assertThat(writer.stored()).containsExactly("x", "b,y", "z", "a,c,w");
        Node a = writer.tree(root).find("a").orElseThrow();
        assertThat(a.isDirectory()).isTrue();
        assertThat(a.mtime()).as("a folder the source did not report has its newest entry's time").isEqualTo(NEWER);
        assertThat(a.mode()).isZero();
        assertThat(names(writer.tree(a.subtree()))).isEqualTo("b,y");
    }

    @Test
    void a_folder_the_source_reported_keeps_its_time_mode_and_attributes() throws Exception {
        TreeBuilder trees = new TreeBuilder(writer, AT_ONCE, NONE, null, context);
        NodeAttributes attributes = new NodeAttributes(1000, 100, "anna", "family", OLDER, null, Map.of());

        trees.moveTo("Trip");
        trees.describe(new SourceEntry("Trip", 0, OLDER, null,
                new FileAttributes(0750, 1000, 100, "anna", "family", OLDER, null)), attributes);
        trees.add(done(file("IMG_0001.JPG", NEWER)));
        BlobId root = trees.finish();

        Node trip = writer.tree(root).find("Trip").orElseThrow();
        assertThat(trip.mtime()).isEqualTo(OLDER);
        assertThat(trip.mode()).isEqualTo(0750);
        assertThat(trip.attributes()).isEqualTo(attributes);
    }

    @Test
    void a_folder_left_is_stored_once_its_entries_are_done_while_the_walk_goes_on() throws Exception {
        TreeBuilder trees = new TreeBuilder(writer, AT_ONCE, NONE, null, context);
        CompletableFuture<Node> reading = new CompletableFuture<>();

        trees.moveTo("a");
        trees.add(reading);
        trees.moveTo("b");
        trees.add(done(file("q", OLDER)));
        assertThat(writer.stored()).as("nothing waits for the file still being read").isEmpty();

        reading.complete(file("p", OLDER));
        assertThat(writer.stored()).containsExactly("p");
        trees.finish();
        assertThat(writer.stored()).containsExactly("p", "q", "a,b");
    }

    @Test
    void a_checkpoint_holds_exactly_the_entries_finished_so_far_and_the_walk_stays_where_it_is() throws Exception {
        TreeBuilder trees = new TreeBuilder(writer, AT_ONCE, NONE, null, context);
        CompletableFuture<Node> earlyFile = new CompletableFuture<>();
        CompletableFuture<Node> reading = new CompletableFuture<>();
        trees.moveTo("early");
        trees.add(earlyFile);
        trees.moveTo("a");
        trees.add(done(file("f1", OLDER)));
        trees.add(reading);
        trees.add(done(null)); // a file that could not be read

        BlobId checkpoint = trees.checkpoint();

        assertThat(writer.stored()).containsExactly("f1", "a");
        assertThat(names(writer.tree(checkpoint))).as("a folder left but not stored yet is not in it").isEqualTo("a");
        trees.add(done(file("f3", OLDER)));
        reading.complete(file("f2", OLDER));
        earlyFile.complete(file("e", OLDER));
        BlobId root = trees.finish();
        assertThat(names(writer.tree(root))).isEqualTo("a,early");
        assertThat(names(writer.tree(writer.tree(root).find("a").orElseThrow().subtree()))).isEqualTo("f1,f2,f3");
    }

    @Test
    void an_entry_that_failed_is_left_out_of_a_checkpoint_and_its_repository_failure_ends_the_build() throws Exception {
        TreeBuilder trees = new TreeBuilder(writer, AT_ONCE, NONE, null, context);
        IOException diskFull = new IOException("no space left on the target");
        trees.add(done(file("kept", OLDER)));
        trees.add(CompletableFuture.failedFuture(new RepositoryFailure(diskFull)));

        assertThat(names(writer.tree(trees.checkpoint()))).isEqualTo("kept");
        assertThatThrownBy(trees::finish).isSameAs(diskFull);
    }

    @Test
    void the_parent_snapshots_trees_are_read_for_the_folders_entered_and_give_their_previous_files() throws Exception {
        BlobId albumTree = id(101);
        BlobId yearTree = id(102);
        Tree previousRoot = new Tree(List.of(Node.directory("Album", OLDER, 0755, albumTree), file("top.jpg", OLDER)));
        Map<BlobId, Tree> previous = Map.of(albumTree,
                new Tree(List.of(file("old.jpg", OLDER), Node.directory("2022", OLDER, 0755, yearTree))));
        List<String> read = new ArrayList<>();
        TreeBuilder trees = new TreeBuilder(writer, AT_ONCE, (tree, path) -> {
            read.add(path);
            return previous.get(tree);
        }, previousRoot, context);

        assertThat(trees.previousFile("top.jpg")).isEqualTo(file("top.jpg", OLDER));
        trees.moveTo("Album");
        assertThat(trees.previousFile("old.jpg")).isEqualTo(file("old.jpg", OLDER));
        assertThat(trees.previousFile("2022")).as("a folder is no previous file").isNull();
        assertThat(trees.previousFile("new.jpg")).isNull();
        trees.moveTo("Album/2022");
        assertThat(trees.previousFile("old.jpg")).as("its tree could not be read").isNull();
        trees.moveTo("New");
        assertThat(read).as("only folders the parent snapshot has are read").containsExactly("Album", "Album/2022");
    }

    private static Node file(String name, Instant modified) {
        return Node.file(name, 1, modified, 0644, null, List.of(), Map.of());
    }

    private static CompletableFuture<Node> done(Node node) {
        return CompletableFuture.completedFuture(node);
    }

    private static String names(Tree tree) {
        return tree.nodes().stream().map(Node::name).collect(Collectors.joining(","));
    }

    private static BlobId id(int number) {
        byte[] bytes = new byte[BlobId.LENGTH];
        bytes[0] = (byte) (number >> 8);
        bytes[1] = (byte) number;
        return BlobId.of(bytes);
    }

    /** A writer that keeps the trees it is given, in the order they come; it stores nothing else. */
    private static final class TreeRecorder implements RepositoryWriter {
        private final Map<BlobId, Tree> trees = new ConcurrentHashMap<>();
        private final List<String> stored = new CopyOnWriteArrayList<>();

        /** The stored trees in order, each as its entries' names. */
        List<String> stored() {
            return stored;
        }

        Tree tree(BlobId id) {
            return trees.get(id);
        }

        @Override
        public synchronized BlobId storeTree(Tree tree) {
            BlobId id = id(stored.size());
            trees.put(id, tree);
            stored.add(names(tree));
            return id;
        }

        @Override
        public Stored storeBlob(BlobType type, byte[] data, int offset, int length) {
            throw new UnsupportedOperationException("a tree builder stores trees only");
        }

        @Override
        public void flush() {
        }

        @Override
        public String commit(Snapshot snapshot) {
            throw new UnsupportedOperationException("a tree builder never commits a snapshot");
        }

        @Override
        public long bytesUploaded() {
            return 0;
        }

        @Override
        public long packsUploaded() {
            return 0;
        }

        @Override
        public void close() {
        }
    }
}
