package io.shoebox.shell.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.shoebox.api.admin.SourceInfo;
import io.shoebox.api.admin.SourceService;
import io.shoebox.api.admin.TargetInfo;
import io.shoebox.api.admin.TargetService;
import io.shoebox.api.job.JobInfo;
import io.shoebox.api.job.JobRequest;
import io.shoebox.api.job.JobService;
import io.shoebox.api.job.JobState;
import io.shoebox.api.policy.PolicyInfo;
import io.shoebox.api.policy.PolicyService;
import io.shoebox.api.snapshot.SnapshotInfo;
import io.shoebox.api.snapshot.SnapshotService;

/**
 * The {@code shoebox:} commands of the Gogo shell. They call the same services as the REST API and
 * hold no logic of their own beyond reading arguments and writing text. A mistake (an unknown
 * target, source, job or snapshot) is thrown as an exception with a one-line message, which the
 * shell prints as one line; nothing here prints a stack trace.
 *
 * <p>Output goes to {@code System.out}, which Gogo points at the calling session for the duration
 * of a command, so {@code --wait} can show progress while the command runs.
 */
@Component(service = ShoeboxCommands.class)
@GogoCommand(scope = "shoebox", function = {"jobs", "backup", "check", "restore", "repair", "locks", "unlock", "cancel", "snapshots", "policies"})
public class ShoeboxCommands {

    private static final String WAIT_HELP = "wait until the job ends, showing its progress, then print its result";

    private final JobService jobs;
    private final SnapshotService snapshots;
    private final TargetService targets;
    private final SourceService sources;
    private final JobWatcher watcher;

    /** Optional: the engine provides policies once they are configured; the other commands work without. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PolicyService policyService;

    @Activate
    public ShoeboxCommands(@Reference JobService jobs, @Reference SnapshotService snapshots,
            @Reference TargetService targets, @Reference SourceService sources) {
        this.jobs = jobs;
        this.snapshots = snapshots;
        this.targets = targets;
        this.sources = sources;
        this.watcher = new JobWatcher(jobs, JobWatcher.PRINT_MILLIS);
    }

    // --- jobs -------------------------------------------------------------------------------

    @Descriptor("list the server's jobs, newest first")
    public void jobs() {
        print(jobTable(jobs.list(null, null)));
    }

    @Descriptor("list the jobs in one state, or show one job in full")
    public void jobs(
            @Descriptor("a state (queued, running, succeeded, failed, cancelled), or a job id or its first characters")
            String stateOrId) {
        Optional<JobState> state = Arrays.stream(JobState.values())
                .filter(s -> s.name().equalsIgnoreCase(stateOrId)).findFirst();
        if (state.isPresent()) {
            print(jobTable(jobs.list(null, state.get())));
        } else {
            print(JobText.details(job(stateOrId), zone()));
        }
    }

    @Descriptor("cancel a queued or running job")
    public void cancel(@Descriptor("job id or its first characters") String id) {
        JobInfo job = job(id);
        print(jobs.cancel(job.id()) ? "Cancelling job " + job.id() + "\n"
                : "Job " + job.id() + " had already ended " + job.state() + "\n");
    }

    // --- backup, check, restore -----------------------------------------------------------------

    @Descriptor("back up a source to a target, or run a policy now (--policy)")
    public void backup(
            @Descriptor(WAIT_HELP)
            @Parameter(names = {"-w", "--wait"}, presentValue = "true", absentValue = "false") boolean wait,
            @Descriptor("run this policy now instead: one backup per source and target it names")
            @Parameter(names = {"-p", "--policy"}, absentValue = "") String policy,
            @Descriptor("source and target: shoebox:backup <source> <target>") String... sourceAndTarget) {
        if (!policy.isEmpty()) {
            if (sourceAndTarget.length > 0) {
                throw new IllegalArgumentException("give either --policy <name> or <source> <target>, not both");
            }
            runPolicy(policy, wait);
            return;
        }
        if (sourceAndTarget.length != 2) {
            throw new IllegalArgumentException("usage: shoebox:backup [--wait] <source> <target>, or shoebox:backup [--wait] --policy <name>");
        }
        String source = requireSource(sourceAndTarget[0]).name();
        String target = requireTarget(sourceAndTarget[1]).name();
        submit(new JobRequest("backup", null, source, target, null, null, null, null), wait);
    }

    @Descriptor("check a target's repository: its structure, and with --read a share of its data")
    public void check(
            @Descriptor(WAIT_HELP)
            @Parameter(names = {"-w", "--wait"}, presentValue = "true", absentValue = "false") boolean wait,
            @Descriptor("percent of the stored data to read back and authenticate (0 to 100; 0 checks structure only)")
            @Parameter(names = {"-r", "--read"}, absentValue = "0") double readPercent,
            @Descriptor("target name") String target) {
        if (!(readPercent >= 0 && readPercent <= 100)) {
            throw new IllegalArgumentException("--read takes a percentage from 0 to 100, not " + readPercent);
        }
        Map<String, Object> options = readPercent > 0 ? Map.of("readData", readPercent / 100) : Map.of();
        submit(new JobRequest("check", null, null, requireTarget(target).name(), null, null, null, options), wait);
    }

    @Descriptor("repair a damaged repository: rebuild its index, rescue intact data, drop what is lost")
    public void repair(
            @Descriptor(WAIT_HELP)
            @Parameter(names = {"-w", "--wait"}, presentValue = "true", absentValue = "false") boolean wait,
            @Descriptor("only look at the structure (missing and unreadable packs, the index) without re-reading the data")
            @Parameter(names = {"-s", "--structure-only"}, presentValue = "true", absentValue = "false") boolean structureOnly,
            @Descriptor("also replace snapshots whose files can no longer be read by snapshots without those files")
            @Parameter(names = {"--rewrite-snapshots"}, presentValue = "true", absentValue = "false") boolean rewrite,
            @Descriptor("target name") String target) {
        submit(new JobRequest("repair", null, null, requireTarget(target).name(), null, null, null,
                Map.of("readData", !structureOnly, "rewriteSnapshots", rewrite)), wait);
    }

    @Descriptor("list the locks on a target's repository: who holds them and whether they are stale")
    public void locks(@Descriptor("target name") String target) {
        String name = requireTarget(target).name();
        try {
            print(SnapshotText.locks(snapshots.locks(name), zone()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read target '" + name + "': " + e.getMessage());
        }
    }

    @Descriptor("remove stale locks from a target's repository; --all --yes removes every lock")
    public void unlock(
            @Descriptor(WAIT_HELP)
            @Parameter(names = {"-w", "--wait"}, presentValue = "true", absentValue = "false") boolean wait,
            @Descriptor("also remove fresh locks: only when nothing else (another server, a running backup) uses the target")
            @Parameter(names = {"-a", "--all"}, presentValue = "true", absentValue = "false") boolean all,
            @Descriptor("confirm --all")
            @Parameter(names = {"-y", "--yes"}, presentValue = "true", absentValue = "false") boolean yes,
            @Descriptor("target name") String target) {
        String name = requireTarget(target).name();
        if (all && !yes) {
            throw new IllegalArgumentException("--all removes fresh locks too, which can damage a backup or prune that"
                    + " another server is running on " + name + "; add --yes when you are sure nothing else uses it");
        }
        Map<String, Object> options = all ? Map.of("all", true, "confirm", name) : Map.of();
        submit(new JobRequest("unlock", null, null, name, null, null, null, options), wait);
    }

    @Descriptor("restore files of a snapshot into a folder on this server")
    public void restore(
            @Descriptor(WAIT_HELP)
            @Parameter(names = {"-w", "--wait"}, presentValue = "true", absentValue = "false") boolean wait,
            @Descriptor("target name") String target,
            @Descriptor("snapshot id or its first characters (see shoebox:snapshots)") String snapshot,
            @Descriptor("absolute folder to restore into") String destination,
            @Descriptor("paths or globs inside the snapshot to restore; all files when none") String... include) {
        String targetName = requireTarget(target).name();
        if (!Path.of(destination).isAbsolute()) {
            throw new IllegalArgumentException("the destination must be an absolute path, not '" + destination + "'");
        }
        String snapshotId = snapshot(targetName, snapshot).id();
        submit(new JobRequest("restore", null, null, targetName, snapshotId, List.of(include), destination, null), wait);
    }

    // --- snapshots and policies ---------------------------------------------------------------

    @Descriptor("list the snapshots on a target, newest first")
    public void snapshots(@Descriptor("target name") String target) {
        print(snapshotTable(snapshotsOf(target), target));
    }

    @Descriptor("list the snapshots of one source on a target, newest first")
    public void snapshots(@Descriptor("target name") String target, @Descriptor("source name") String source) {
        List<SnapshotInfo> all = snapshotsOf(target);
        print(snapshotTable(all.stream().filter(s -> source.equals(s.source())).toList(),
                target + " of source " + source));
    }

    @Descriptor("list the backup policies: valid or not, next run, last outcome, overdue")
    public void policies() {
        List<PolicyInfo> policies = requirePolicyService().list();
        print(policies.isEmpty() ? "No policies. Add one as config/shoebox.policy~<name>.cfg.json.\n"
                : PolicyText.table(policies, zone()));
    }

    // --- helpers ------------------------------------------------------------------------------

    private void runPolicy(String name, boolean wait) {
        PolicyService service = requirePolicyService();
        if (service.get(name).isEmpty()) {
            throw new IllegalArgumentException("no policy '" + name + "'" + known(service.list().stream().map(PolicyInfo::name).toList(), "policies"));
        }
        List<JobInfo> started = service.runNow(name);
        print("Policy " + name + " started " + started.size() + " job(s)\n");
        for (JobInfo job : started) {
            print("Submitted " + job.request().type() + " job " + job.id() + " (" + JobText.route(job.request()) + ")\n");
        }
        if (wait) {
            for (JobInfo job : started) {
                if (!watcher.follow(job.id(), out())) {
                    return;
                }
            }
        }
    }

    private void submit(JobRequest request, boolean wait) {
        JobInfo job = jobs.submit(request);
        print("Submitted " + request.type() + " job " + job.id() + " (" + JobText.route(request) + ")\n");
        if (wait) {
            watcher.follow(job.id(), out());
        }
    }

    private String jobTable(List<JobInfo> list) {
        return list.isEmpty() ? "No jobs.\n" : JobText.table(list, zone());
    }

    private String snapshotTable(List<SnapshotInfo> list, String what) {
        return list.isEmpty() ? "No snapshots on " + what + ".\n" : SnapshotText.table(list, zone());
    }

    private List<SnapshotInfo> snapshotsOf(String target) {
        String name = requireTarget(target).name();
        try {
            return snapshots.list(name);
        } catch (NoSuchElementException e) {
            throw new IllegalArgumentException("no target '" + target + "'");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read target '" + name + "': " + e.getMessage());
        }
    }

    /** A job by its id or by the first characters of it, as the tables show them. */
    JobInfo job(String idOrPrefix) {
        Optional<JobInfo> exact = jobs.get(idOrPrefix);
        if (exact.isPresent()) {
            return exact.get();
        }
        List<JobInfo> matching = jobs.list(null, null).stream().filter(j -> j.id().startsWith(idOrPrefix)).toList();
        if (matching.size() == 1) {
            return matching.get(0);
        }
        if (matching.isEmpty()) {
            throw new IllegalArgumentException("no job '" + idOrPrefix + "' (shoebox:jobs lists them)");
        }
        throw new IllegalArgumentException("'" + idOrPrefix + "' matches " + matching.size() + " jobs; give more of the id");
    }

    private SnapshotInfo snapshot(String target, String idOrPrefix) {
        List<SnapshotInfo> matching = snapshotsOf(target).stream().filter(s -> s.id().startsWith(idOrPrefix)).toList();
        if (matching.size() == 1) {
            return matching.get(0);
        }
        if (matching.isEmpty()) {
            throw new IllegalArgumentException("no snapshot '" + idOrPrefix + "' on target '" + target + "' (shoebox:snapshots " + target + " lists them)");
        }
        throw new IllegalArgumentException("'" + idOrPrefix + "' matches " + matching.size() + " snapshots; give more of the id");
    }

    private TargetInfo requireTarget(String name) {
        return targets.get(name).orElseThrow(() -> new IllegalArgumentException(
                "no target '" + name + "'" + known(targets.list().stream().map(TargetInfo::name).toList(), "targets")));
    }

    private SourceInfo requireSource(String name) {
        return sources.get(name).orElseThrow(() -> new IllegalArgumentException(
                "no source '" + name + "'" + known(sources.list().stream().map(SourceInfo::name).toList(), "sources")));
    }

    private PolicyService requirePolicyService() {
        PolicyService service = policyService;
        if (service == null) {
            throw new IllegalStateException("policies are not available: the policy service is not running");
        }
        return service;
    }

    private static String known(List<String> names, String what) {
        return names.isEmpty() ? "; there are no " + what
                : " (" + what + ": " + names.stream().sorted().collect(Collectors.joining(", ")) + ")";
    }

    private static ZoneId zone() {
        return ZoneId.systemDefault();
    }

    private static PrintStream out() {
        return System.out;
    }

    private static void print(String text) {
        out().print(text);
        out().flush();
    }
}
