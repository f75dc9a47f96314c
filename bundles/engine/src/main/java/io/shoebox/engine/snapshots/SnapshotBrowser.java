package io.shoebox.engine.snapshots;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.shoebox.api.snapshot.RepositoryInfo;
import io.shoebox.api.snapshot.SnapshotEntry;
import io.shoebox.api.snapshot.SnapshotInfo;
import io.shoebox.api.snapshot.SnapshotService;
import io.shoebox.engine.jobs.Snapshots;
import io.shoebox.engine.repo.TargetRepositories;
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
        for (SnapshotRef ref : repositories.open(target).snapshots()) {
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
        int slash = file.lastIndexOf('/');
        String folder = slash < 0 ? "" : file.substring(0, slash);
        String name = file.substring(slash + 1);
        Tree tree = repository.readTree(folderTree(repository, snapshot.snapshot().tree(), folder));
        Node node = tree.find(name).filter(n -> !n.isDirectory())
                .orElseThrow(() -> new NoSuchElementException("no file " + file + " in snapshot " + snapshot.id()));
        for (BlobId blob : node.content()) {
            out.write(repository.readBlob(blob));
        }
        return new SnapshotEntry(node.name(), file, false, node.size(), node.mtime(), node.metadata());
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
