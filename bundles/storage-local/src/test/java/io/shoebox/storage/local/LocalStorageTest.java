package io.shoebox.storage.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shoebox.api.storage.ByteSource;
import io.shoebox.api.storage.Storage;
import io.shoebox.api.storage.StorageException;
import io.shoebox.api.storage.StorageException.Kind;
import io.shoebox.testkit.StorageContract;

class LocalStorageTest extends StorageContract {

    @TempDir
    Path folder;

    @Override
    protected Storage storage() {
        return new LocalStorage(folder.resolve("repo"), true);
    }

    @Override
    protected Storage storageWithMissingLocation() {
        return new LocalStorage(folder.resolve("unmounted"), false);
    }

    @Test
    void a_missing_folder_is_not_created_unless_asked_so_an_unmounted_drive_is_noticed() {
        Path unmounted = folder.resolve("media/usb-drive");
        LocalStorage storage = new LocalStorage(unmounted, false);
        assertThatThrownBy(() -> storage.create("config", ByteSource.of(new byte[] {1})))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
                    assertThat(e.getMessage()).contains("mounted");
                });
        assertThat(unmounted).doesNotExist();
    }

    @Test
    void relative_paths_are_taken_inside_the_data_directory() {
        assertThat(LocalStorage.resolve("repositories/default", "/srv/shoebox"))
                .isEqualTo(Path.of("/srv/shoebox/repositories/default"));
        assertThat(LocalStorage.resolve("/mnt/drive/../backup", "/srv/shoebox")).isEqualTo(Path.of("/mnt/backup"));
    }

    @Test
    void no_partial_file_is_left_in_the_temporary_folder_after_a_failed_write() throws Exception {
        LocalStorage storage = new LocalStorage(folder.resolve("repo"), true);
        ByteSource failing = new ByteSource() {
            @Override
            public long size() {
                return 5;
            }

            @Override
            public java.io.InputStream open() throws java.io.IOException {
                throw new java.io.IOException("gone");
            }
        };
        assertThatThrownBy(() -> storage.create("data/x", failing)).isInstanceOf(StorageException.class);
        try (var leftovers = Files.list(storage.root().resolve(LocalStorage.TEMP_FOLDER))) {
            assertThat(leftovers).isEmpty();
        }
    }
}
