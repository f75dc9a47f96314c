package io.shoebox.engine.internal.snapshots;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.shoebox.api.snapshot.RepositoryInfo;
import io.shoebox.api.snapshot.SnapshotEntry;
import io.shoebox.api.snapshot.SnapshotFile;
import io.shoebox.api.snapshot.SnapshotInfo;
import io.shoebox.api.snapshot.SnapshotService;
import io.shoebox.api.snapshot.TargetLock;
import io.shoebox.engine.internal.jobs.Snapshots;
import io.shoebox.engine.internal.media.MediaFields;
import io.shoebox.engine.internal.repo.TargetRepositories;
import io.shoebox.repository.BlobId;
import io.shoebox.repository.Node;
import io.shoebox.repository.Repository;
import io.shoebox.repository.SnapshotRef;
import io.shoebox.repository.Tree;

/** Lists, browses and reads snapshots straight from the target's repository. */
@Component(service = SnapshotService.class)
public class SnapshotBrowser implements SnapshotService {

    private final TargetRepositories repositories;

    @Activate
    public SnapshotBrowser(@Reference TargetRepositories repositories) {
        this.repositories = repositories;
    }

    @Override
    public List<SnapshotInfo> list(String target) throws IOException {
        List<SnapshotInfo> snapshots = new ArrayList<>();
        // a target that holds no repository yet has no snapshots; looking must not create one
        var repository = repositories.openExisting(target);
        if (repository.isEmpty()) {
            return snapshots;
        }
        for (SnapshotRef ref : repository.get().snapshots()) {
            var s = ref.snapshot();
            snapshots.add(new SnapshotInfo(ref.id(), s.time(), s.source(), s.parent(), s.checkpoint(), s.tags(), s.stats()));
        }
        snapshots.sort(Comparator.comparing(SnapshotInfo::time).reversed());
        return snapshots;
    }

    @Override
    public RepositoryInfo repository(String target) throws IOException {
        Repository repository = repositories.open(target);
        var stats = repository.indexStats();
        return new RepositoryInfo(repository.id(), repository.snapshots().size(), stats.blobs(), stats.packs(),
                stats.storedBytes(), stats.memoryBytes());
    }

    @Override
    public List<TargetLock> locks(String target) throws IOException {
        var repository = repositories.openExisting(target);
        if (repository.isEmpty()) {
            return List.of();
        }
        return repository.get().locks().stream().map(lock -> new TargetLock(lock.id(), lock.exclusive(), lock.hostname(),
                lock.pid(), lock.created(), lock.expires(), lock.stale(), lock.description())).toList();
    }

    @Override
    public List<SnapshotEntry> listFolder(String target, String snapshotId, String path) throws IOException {
        Repository repository = repositories.open(target);
        SnapshotRef snapshot = Snapshots.resolve(repository, snapshotId);
        String folder = clean(path);
        Tree tree = repository.readTree(folderTree(repository, snapshot.snapshot().tree(), folder));
        List<SnapshotEntry> entries = new ArrayList<>();
        for (Node node : tree.nodes()) {
            String entryPath = folder.isEmpty() ? node.name() : folder + "/" + node.name();
            entries.add(new SnapshotEntry(node.name(), entryPath, node.isDirectory(), node.size(), node.mtime(), node.metadata()));
        }
        entries.sort(Comparator.comparing((SnapshotEntry e) -> !e.directory()).thenComparing(SnapshotEntry::name));
        return entries;
    }

    @Override
    public SnapshotEntry readFile(String target, String snapshotId, String path, OutputStream out) throws IOException {
        Repository repository = repositories.open(target);
        SnapshotRef snapshot = Snapshots.resolve(repository, snapshotId);
        String file = clean(path);
        Node node = fileNode(repository, snapshot, file);
        for (BlobId blob : node.content()) {
            out.write(repository.readBlob(blob));
        }
        return new SnapshotEntry(node.name(), file, false, node.size(), node.mtime(), node.metadata());
    }

    @Override
    public void walk(String target, String snapshotId, Consumer<SnapshotFile> visitor) throws IOException {
        Repository repository = repositories.open(target);
        SnapshotRef snapshot = Snapshots.resolve(repository, snapshotId);
        walk(repository, snapshot.snapshot().tree(), "", visitor);
    }

    private static void walk(Repository repository, BlobId treeId, String folder, Consumer<SnapshotFile> visitor)
            throws IOException {
        for (Node node : repository.readTree(treeId).nodes()) {
            String path = folder.isEmpty() ? node.name() : folder + "/" + node.name();
            if (node.isDirectory()) {
                walk(repository, node.subtree(), path, visitor);
            } else {
                visitor.accept(new SnapshotFile(path, node.size(), node.mtime(), contentKey(node.content()),
                        MediaFields.fromMap(node.metadata()), node.thumbnail() != null));
            }
        }
    }

    /** Equal for equal content in one repository, since blob ids are keyed hashes of the plaintext. */
    private static String contentKey(List<BlobId> content) {
        if (content.size() == 1) {
            return content.get(0).hex();
        }
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (BlobId blob : content) {
            digest.update(blob.hex().getBytes(StandardCharsets.US_ASCII));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public Optional<byte[]> thumbnail(String target, String snapshotId, String path) throws IOException {
        Repository repository = repositories.open(target);
        Node node = fileNode(repository, Snapshots.resolve(repository, snapshotId), clean(path));
        return node.thumbnail() == null ? Optional.empty() : Optional.of(repository.readBlob(node.thumbnail()));
    }

    private static Node fileNode(Repository repository, SnapshotRef snapshot, String file) throws IOException {
        int slash = file.lastIndexOf('/');
        String folder = slash < 0 ? "" : file.substring(0, slash);
        String name = file.substring(slash + 1);
        Tree tree = repository.readTree(folderTree(repository, snapshot.snapshot().tree(), folder));
        return tree.find(name).filter(n -> !n.isDirectory())
                .orElseThrow(() -> new NoSuchElementException("no file " + file + " in snapshot " + snapshot.id()));
    }

    private static BlobId folderTree(Repository repository, BlobId root, String folder) throws IOException {
        BlobId tree = root;
        if (folder.isEmpty()) {
            return tree;
        }
        for (String name : folder.split("/")) {
            BlobId current = tree;
            tree = repository.readTree(current).find(name).filter(Node::isDirectory).map(Node::subtree)
                    .orElseThrow(() -> new NoSuchElementException("no folder " + folder + " in this snapshot"));
        }
        return tree;
    }

    private static String clean(String path) {
        if (path == null) {
            return "";
        }
        String cleaned = path.strip();
        while (cleaned.startsWith("/")) {
            cleaned = cleaned.substring(1);
        }
        while (cleaned.endsWith("/")) {
            cleaned = cleaned.substring(0, cleaned.length() - 1);
        }
        return cleaned;
    }
}
