package io.shoebox.engine.internal.jobs;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Jobs", description = "How many jobs run at once, and how long finished jobs are remembered.")
public @interface JobManagerConfig {

    @AttributeDefinition(name = "Concurrent jobs", description = "Jobs running at the same time; the rest wait in a queue.", min = "1")
    int maxConcurrentJobs() default 2;

    @AttributeDefinition(name = "Finished jobs kept", min = "10")
    int historySize() default 500;
}
