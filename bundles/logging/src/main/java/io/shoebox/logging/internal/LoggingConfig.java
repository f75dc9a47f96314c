package io.shoebox.logging.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "Logging",
        description = "Where and how much the server logs. Log lines go to the terminal and to"
                + " SHOEBOX_HOME/logs/shoebox.log; older files are kept as shoebox.log.1, shoebox.log.2, ...")
public @interface LoggingConfig {

    @AttributeDefinition(
            name = "Level",
            description = "Lowest level that is written. Applies to the OSGi log of every bundle and to"
                    + " java.util.logging (where Jetty logs through SLF4J).")
    Threshold level() default Threshold.INFO;

    @AttributeDefinition(
            name = "Maximum file size (MiB)",
            description = "When shoebox.log reaches this size it is renamed to shoebox.log.1 and a new one is started.",
            min = "1")
    int maxFileSizeMb() default 10;

    @AttributeDefinition(
            name = "Number of files",
            description = "How many log files are kept, the current one included. The oldest is deleted.",
            min = "1",
            max = "100")
    int fileCount() default 5;
}
