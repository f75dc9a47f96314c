package io.shoebox.notifications.internal;

import java.time.Clock;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;
import org.osgi.service.event.propertytypes.EventTopics;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import io.shoebox.api.job.JobEvents;
import io.shoebox.api.job.JobService;
import io.shoebox.api.policy.PolicyEvents;

/**
 * Every failed job, failed or rejected policy and overdue policy is a warning in the server's log,
 * whether or not a webhook is configured: the log is the one notification every server has.
 */
@Component
@EventTopics({JobEvents.TOPIC_STATE, PolicyEvents.TOPIC_PREFIX + "*"})
public class NotificationLog implements EventHandler {

    private final Notices notices;
    private final Logger log;

    @Activate
    public NotificationLog(@Reference(service = LoggerFactory.class) Logger log, @Reference JobService jobs) {
        this(new Notices(jobs::get, Notices.hostName(), Clock.systemUTC()), log);
    }

    NotificationLog(Notices notices, Logger log) {
        this.notices = notices;
        this.log = log;
    }

    @Override
    public void handleEvent(Event event) {
        notices.of(event).filter(notice -> notice.event().occasion() != NoticeEvent.Occasion.SUCCESS)
                .ifPresent(notice -> log.warn("{}", notice.summary()));
    }
}
