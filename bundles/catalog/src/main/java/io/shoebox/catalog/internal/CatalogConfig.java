package io.shoebox.catalog.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "Catalog",
        description = "The database of the searchable catalog of backed-up photos and videos. It is a cache of the"
                + " repositories and can be rebuilt from them at any time.")
public @interface CatalogConfig {

    @AttributeDefinition(name = "JDBC driver class",
            description = "Driver of the database, as its bundle registers it with the OSGi JDBC service"
                    + " (osgi.jdbc.driver.class). H2 (org.h2.Driver) is part of the server; for PostgreSQL"
                    + " (org.postgresql.Driver) drop the pgjdbc bundle into deploy/.")
    String driverClass() default "org.h2.Driver";

    @AttributeDefinition(name = "JDBC URL", required = false,
            description = "Where the database is. Empty: an H2 database in SHOEBOX_HOME/catalog/. For PostgreSQL,"
                    + " for example jdbc:postgresql://localhost/shoebox.")
    String url() default "";

    @AttributeDefinition(name = "User", required = false)
    String user() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false)
    String password() default "";

    @AttributeDefinition(name = "H2 cache (MB)", required = false, min = "1",
            description = "Memory H2 keeps for the catalog's pages; more makes searches over a large catalog faster."
                    + " Ignored by other databases.")
    int cacheSizeMb() default 64;
}
