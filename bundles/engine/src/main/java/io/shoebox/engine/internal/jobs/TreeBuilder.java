package io.shoebox.engine.internal.jobs;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

import io.shoebox.api.source.SourceEntry;
import io.shoebox.repository.BlobId;
import io.shoebox.repository.Node;
import io.shoebox.repository.NodeAttributes;
import io.shoebox.repository.RepositoryWriter;
import io.shoebox.repository.Tree;

/**
 * Builds and stores the trees of a backup as its walk leaves folders. The folders from the root down
 * to where the walk is are open; each gathers its entries as futures of their nodes. A folder the
 * walk leaves is closed without waiting: its tree is stored on the storing pool once all its entries
 * are done, and its node becomes an entry of its parent. Used by the walk's thread only; the storing
 * pool completes the trees.
 */
final class TreeBuilder {

    /** Reads a folder's tree in the parent snapshot. */
    @FunctionalInterface
    interface PreviousTrees {
        /** The tree, or {@code null} when it cannot be read and the folder's files are to be read again. */
        Tree read(BlobId tree, String path) throws IOException;
    }

    /** A folder of the walk whose entries are still being gathered. */
    private static final class Folder {
        final String path;
        final String name;
        final Tree previous;
        final List<CompletableFuture<Node>> entries = new ArrayList<>();
        /** The folder as the source reported it, with its attributes; null when it did not. */
        SourceEntry entry;
        NodeAttributes attributes = NodeAttributes.NONE;

        Folder(String path, String name, Tree previous) {
            this.path = path;
            this.name = name;
            this.previous = previous;
        }

        /** The folder's node: its own time and attributes where the source gave them, else its newest file's time. */
        Node node(List<Node> nodes, BlobId tree) {
            if (entry == null) {
                return Node.directory(name, newest(nodes), 0, tree);
            }
            return Node.directory(name, entry.modified(), SourceAttributes.mode(entry), tree, attributes);
        }
    }

    private final RepositoryWriter writer;
    private final Executor storing;
    private final PreviousTrees previousTrees;
    private final JobContext context;
    private final Deque<Folder> open = new ArrayDeque<>();

    /**
     * @param storing where trees are stored once their entries are done
     * @param previousRoot the root tree of the parent snapshot, or {@code null}
     */
    TreeBuilder(RepositoryWriter writer, Executor storing, PreviousTrees previousTrees, Tree previousRoot,
            JobContext context) {
        this.writer = writer;
        this.storing = storing;
        this.previousTrees = previousTrees;
        this.context = context;
        open.push(new Folder("", null, previousRoot));
    }

    /** Closes the open folders that {@code path} is not in, and opens those down to it. */
    void moveTo(String path) throws IOException {
        while (!contains(open.peek().path, path)) {
            close(open.pop());
        }
        while (!open.peek().path.equals(path)) {
            Folder top = open.peek();
            String rest = top.path.isEmpty() ? path : path.substring(top.path.length() + 1);
            int slash = rest.indexOf('/');
            String name = slash < 0 ? rest : rest.substring(0, slash);
            Tree previous = null;
            String folderPath = top.path.isEmpty() ? name : top.path + "/" + name;
            if (top.previous != null) {
                var node = top.previous.find(name).filter(Node::isDirectory);
                if (node.isPresent()) {
                    previous = previousTrees.read(node.get().subtree(), folderPath);
                }
            }
            open.push(new Folder(folderPath, name, previous));
        }
    }

    private static boolean contains(String folder, String path) {
        return folder.isEmpty() || path.equals(folder) || path.startsWith(folder + "/");
    }

    /** Gives the folder the walk is in the time, mode and attributes the source reported for it. */
    void describe(SourceEntry folder, NodeAttributes attributes) {
        Folder current = open.peek();
        current.entry = folder;
        current.attributes = attributes;
    }

    /** The file of this name in the parent snapshot's tree of the folder the walk is in, or {@code null}. */
    Node previousFile(String name) {
        Folder current = open.peek();
        return current.previous == null ? null
                : current.previous.find(name).filter(n -> !n.isDirectory()).orElse(null);
    }

    /** Adds an entry, as the future of its node, to the folder the walk is in; a {@code null} node is left out. */
    void add(CompletableFuture<Node> entry) {
        open.peek().entries.add(entry);
    }

    /**
     * Closes a folder without waiting for it: its tree is stored once all its entries are done, so
     * the walk goes on and the workers never run dry at a folder boundary.
     */
    private void close(Folder folder) {
        CompletableFuture<Node> node = CompletableFuture.allOf(folder.entries.toArray(CompletableFuture[]::new))
                .thenApplyAsync(done -> {
                    try {
                        List<Node> nodes = collect(folder.entries, false);
                        BlobId tree = writer.storeTree(new Tree(nodes));
                        return folder.node(nodes, tree);
                    } catch (IOException e) {
                        throw new RepositoryFailure(e);
                    }
                }, storing);
        open.peek().entries.add(node);
    }

    /** Closes every open folder, waits for all entries and stores the root tree; returns its id. */
    BlobId finish() throws IOException {
        while (open.size() > 1) {
            close(open.pop());
        }
        return writer.storeTree(new Tree(collect(open.peek().entries, false)));
    }

    /**
     * Stores trees of every entry finished so far, from the folder the walk is in up to the root,
     * leaving the walk where it is; returns the root's id, for a checkpoint snapshot.
     */
    BlobId checkpoint() throws IOException {
        Node child = null;
        BlobId root = null;
        for (Folder folder : open) {
            List<Node> nodes = collect(folder.entries, true);
            if (child != null) {
                nodes.add(child);
            }
            root = writer.storeTree(new Tree(nodes));
            child = folder.name == null ? null : folder.node(nodes, root);
        }
        return root;
    }

    /**
     * The nodes of a folder's entries.
     *
     * @param doneOnly take only the entries already finished (for a checkpoint), without waiting
     */
    private List<Node> collect(List<CompletableFuture<Node>> entries, boolean doneOnly) throws IOException {
        List<Node> nodes = new ArrayList<>(entries.size());
        for (CompletableFuture<Node> entry : entries) {
            if (doneOnly && (!entry.isDone() || entry.isCompletedExceptionally())) {
                continue;
            }
            try {
                Node node = entry.get();
                if (node != null) {
                    nodes.add(node);
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RepositoryFailure failure) {
                    throw (IOException) failure.getCause();
                }
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IOException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                context.checkCancelled();
                throw new IOException("interrupted", e);
            }
        }
        return nodes;
    }

    private static Instant newest(List<Node> nodes) {
        return nodes.stream().map(Node::mtime).filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(Instant.EPOCH);
    }
}
