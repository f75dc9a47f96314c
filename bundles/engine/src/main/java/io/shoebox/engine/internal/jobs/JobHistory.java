package io.shoebox.engine.internal.jobs;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.shoebox.api.job.JobInfo;
import io.shoebox.api.job.JobProgress;
import io.shoebox.api.job.JobRequest;
import io.shoebox.api.job.JobState;

/**
 * Jobs survive restarts as one JSON line per state change in {@code SHOEBOX_HOME/jobs/history.jsonl}.
 * At start the file is read back (the last line of each job wins), trimmed to the newest jobs and
 * rewritten; a job whose last line is not final was cut off by the stop and is recorded as failed.
 */
final class JobHistory {

    static final String FILE = "jobs/history.jsonl";
    static final String INTERRUPTED = "the server stopped while this job was running";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final Path file;
    private BufferedWriter out;

    JobHistory(Path file) {
        this.file = file;
    }

    /** Reads the jobs back, oldest first, keeping the newest {@code limit}, and reopens the file for appending. */
    synchronized List<JobInfo> load(int limit) throws IOException {
        Map<String, JobInfo> jobs = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JobInfo job = fromMap(JSON.readValue(line, MAP));
                    jobs.remove(job.id());
                    jobs.put(job.id(), job);
                } catch (IOException | RuntimeException e) {
                    // a line torn by a crash mid-write: the job's earlier lines still stand
                }
            }
        } catch (NoSuchFileException e) {
            // no history yet
        }
        List<JobInfo> kept = new ArrayList<>();
        for (JobInfo job : jobs.values()) {
            kept.add(job.state().isFinal() ? job
                    : new JobInfo(job.id(), job.request(), JobState.FAILED, job.createdAt(), job.startedAt(),
                            job.finishedAt() == null ? Instant.now() : job.finishedAt(), job.progress(), job.result(), INTERRUPTED,
                            job.warnings()));
        }
        if (kept.size() > limit) {
            kept = new ArrayList<>(kept.subList(kept.size() - limit, kept.size()));
        }
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (BufferedWriter rewrite = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            for (JobInfo job : kept) {
                rewrite.write(JSON.writeValueAsString(toMap(job)));
                rewrite.newLine();
            }
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        return kept;
    }

    /** Records a job's state; written through at once, as a crash may follow. */
    synchronized void record(JobInfo job) throws IOException {
        if (out == null) {
            return;
        }
        out.write(JSON.writeValueAsString(toMap(job)));
        out.newLine();
        out.flush();
    }

    synchronized void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }

    static Map<String, Object> toMap(JobInfo job) {
        Map<String, Object> request = new LinkedHashMap<>();
        JobRequest r = job.request();
        request.put("type", r.type());
        request.put("policy", r.policy());
        request.put("source", r.source());
        request.put("target", r.target());
        request.put("snapshot", r.snapshot());
        request.put("include", r.include());
        request.put("destination", r.destination());
        request.put("options", r.options());
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", job.id());
        map.put("request", request);
        map.put("state", job.state().name());
        map.put("createdAt", text(job.createdAt()));
        map.put("startedAt", text(job.startedAt()));
        map.put("finishedAt", text(job.finishedAt()));
        JobProgress p = job.progress();
        map.put("progress", List.of(p.filesDone(), p.filesTotal(), p.bytesDone(), p.bytesTotal()));
        map.put("result", job.result());
        map.put("error", job.error());
        map.put("warnings", job.warnings());
        return map;
    }

    @SuppressWarnings("unchecked")
    static JobInfo fromMap(Map<String, Object> map) {
        Map<String, Object> r = (Map<String, Object>) map.get("request");
        JobRequest request = new JobRequest((String) r.get("type"), (String) r.get("policy"), (String) r.get("source"),
                (String) r.get("target"), (String) r.get("snapshot"), (List<String>) r.get("include"),
                (String) r.get("destination"), (Map<String, Object>) r.get("options"));
        List<Number> p = (List<Number>) map.get("progress");
        JobProgress progress = new JobProgress(p.get(0).longValue(), p.get(1).longValue(), p.get(2).longValue(),
                p.get(3).longValue());
        return new JobInfo((String) map.get("id"), request, JobState.valueOf((String) map.get("state")),
                instant(map.get("createdAt")), instant(map.get("startedAt")), instant(map.get("finishedAt")), progress,
                (Map<String, Object>) map.get("result"), (String) map.get("error"), (List<String>) map.get("warnings"));
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static Instant instant(Object value) {
        return value == null ? null : Instant.parse(value.toString());
    }
}
