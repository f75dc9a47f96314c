package io.shoebox.console.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.shoebox.console.internal.services.Shoebox;

/** Settings of the web console, configuration PID {@code shoebox.console}. */
@ObjectClassDefinition(id = ConsoleConfiguration.PID, name = "Shoebox web console",
        description = "The browser console served at / on the server's HTTP port.")
public @interface ConsoleConfiguration {

    String PID = "shoebox.console";

    @AttributeDefinition(name = "Session timeout (minutes)",
            description = "A signed-in browser that does nothing for this long is signed out.", min = "1")
    int sessionTimeoutMinutes() default 30;
}
