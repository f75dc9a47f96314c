package io.shoebox.configfiles.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "Configuration folder",
        description = "How often the config/ folder is read for changed .cfg.json files.")
public @interface ConfigDirectoryConfig {

    @AttributeDefinition(name = "Poll interval (ms)", min = "100")
    long pollMillis() default 1000;
}
