package io.shoebox.configfiles.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Dictionary;
import java.util.Hashtable;

import org.junit.jupiter.api.Test;

class ConfigFileFormatTest {

    private final ConfigFileFormat format = new ConfigFileFormat();

    @Test
    void file_names_give_plain_and_named_factory_pids() {
        assertThat(ConfigFileFormat.pidOf("shoebox.logging.cfg.json")).isEqualTo("shoebox.logging");
        assertThat(ConfigFileFormat.pidOf("shoebox.storage.local~disk.cfg.json")).isEqualTo("shoebox.storage.local~disk");
        assertThat(ConfigFileFormat.pidOf("README.md")).isNull();
        assertThat(ConfigFileFormat.pidOf(".shoebox.logging.cfg.json.tmp")).isNull();
        assertThat(ConfigFileFormat.fileNameOf("shoebox.policy~daily")).isEqualTo("shoebox.policy~daily.cfg.json");
    }

    @Test
    void json_values_become_configuration_types() throws Exception {
        Dictionary<String, Object> properties = format.read(utf8("""
                {"path": "/mnt/photos", "createIfMissing": true, "port": 22, "ratio": 0.5,
                 "targets": ["disk", "cloud"], "sizes": [1, 2], "ignored": null}
                """), "x.cfg.json");
        assertThat(properties.get("path")).isEqualTo("/mnt/photos");
        assertThat(properties.get("createIfMissing")).isEqualTo(true);
        assertThat(properties.get("port")).isEqualTo(22L);
        assertThat(properties.get("ratio")).isEqualTo(0.5);
        assertThat((String[]) properties.get("targets")).containsExactly("disk", "cloud");
        assertThat((Long[]) properties.get("sizes")).containsExactly(1L, 2L);
        assertThat(properties.get("ignored")).isNull();
    }

    @Test
    void writing_then_reading_gives_the_same_properties_without_admin_managed_keys() throws Exception {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("service.pid", "shoebox.storage.local~disk");
        properties.put("path", "/mnt/photos");
        properties.put("targets", new String[] {"a", "b"});
        properties.put("keep", 7L);
        String json = new String(format.write(properties), StandardCharsets.UTF_8);
        assertThat(json).doesNotContain("service.pid").contains("\"path\" : \"/mnt/photos\"");
        Dictionary<String, Object> again = format.read(json.getBytes(StandardCharsets.UTF_8), "x.cfg.json");
        assertThat(again.get("keep")).isEqualTo(7L);
        assertThat((String[]) again.get("targets")).containsExactly("a", "b");
    }

    @Test
    void malformed_files_are_refused_with_the_file_name_and_line() {
        assertThatThrownBy(() -> format.read(utf8("{\n\"path\": \"/x\",,\n}"), "shoebox.storage.local~x.cfg.json"))
                .hasMessageContaining("shoebox.storage.local~x.cfg.json").hasMessageContaining("line 2");
        assertThatThrownBy(() -> format.read(utf8("[1,2]"), "a.cfg.json")).hasMessageContaining("one JSON object");
        assertThatThrownBy(() -> format.read(utf8("{\"nested\": {\"a\": 1}}"), "a.cfg.json"))
                .hasMessageContaining("nested");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
