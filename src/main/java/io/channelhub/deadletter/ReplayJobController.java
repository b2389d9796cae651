package io.channelhub.deadletter;

import io.channelhub.ops.AuditLog;
import io.channelhub.ops.OpsPrincipal;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Bulk replays: start one by filter, follow its progress, cancel it. */
@RestController
@RequestMapping("/ops/dead-letters/replay-jobs")
public class ReplayJobController {

    private final ReplayJobRunner runner;
    private final ReplayJobStore jobs;
    private final AuditLog audit;

    public ReplayJobController(ReplayJobRunner runner, ReplayJobStore jobs, AuditLog audit) {
        this.runner = runner;
        this.jobs = jobs;
        this.audit = audit;
    }

    /** Starts replaying every dead letter the filter matches now (status NEW unless given); 202 with the job. */
    @PostMapping
    public ResponseEntity<ReplayJob> start(@RequestBody(required = false) DeadLetterFilter filter, OpsPrincipal who) {
        ReplayJob job = runner.start(filter == null ? new DeadLetterFilter(null, null, null, null, null, null) : filter,
                who.name());
        audit.record(who, "dead-letters.replay-job.start", "replay-job", Long.toString(job.id()), null,
                Map.of("filter", job.filter(), "total", job.total()), null);
        return ResponseEntity.accepted().body(job);
    }

    @GetMapping
    public List<ReplayJob> recent() {
        return jobs.recent(50);
    }

    @GetMapping("/{id}")
    public ReplayJob one(@PathVariable long id) {
        return existing(id);
    }

    /** Stops the job after the letter it is on; 409 when it is not running. */
    @PostMapping("/{id}/cancel")
    public ReplayJob cancel(@PathVariable long id, OpsPrincipal who) {
        ReplayJob before = existing(id);
        if (!jobs.requestCancel(id)) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "replay job " + id + " is " + before.status());
        }
        audit.record(who, "dead-letters.replay-job.cancel", "replay-job", Long.toString(id),
                Map.of("status", before.status(), "replayed", before.replayed()), Map.of("cancelRequested", true), null);
        return existing(id);
    }

    private ReplayJob existing(long id) {
        return jobs.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no replay job " + id));
    }
}
