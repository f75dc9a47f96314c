package io.shoebox.source.folder.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GlobTest {

    private static boolean name(String glob, String name) {
        return Glob.compile(glob).matches(name, "x/" + name);
    }

    private static boolean path(String glob, String path) {
        return Glob.compile(glob).matches(path.substring(path.lastIndexOf('/') + 1), path);
    }

    @Test
    void namePatterns() {
        assertThat(name("*.aae", "IMG_0001.AAE")).isTrue();
        assertThat(name("IMG_????.JPG", "img_0001.jpg")).isTrue();
        assertThat(name("IMG_????.JPG", "IMG_01.JPG")).isFalse();
        assertThat(name("*.{mov,mp4}", "clip.MP4")).isTrue();
        assertThat(name("*.{mov,mp4}", "clip.jpg")).isFalse();
        assertThat(name("[a-c]*.jpg", "b1.jpg")).isTrue();
        assertThat(name("[!a-c]*.jpg", "b1.jpg")).isFalse();
        assertThat(name("a+b (1).jpg", "a+b (1).jpg")).isTrue();
        assertThat(Glob.compile("*.jpg").anchored()).isFalse();
    }

    @Test
    void pathPatternsAreAnchoredAtTheRoot() {
        assertThat(path("/Private/**", "Private/a/b.jpg")).isTrue();
        assertThat(path("Private/*", "Private/a/b.jpg")).isFalse();
        assertThat(path("Private/*", "Private/a")).isTrue();
        assertThat(path("**/cache/**", "a/b/cache/x")).isTrue();
        assertThat(path("**/cache/**", "cache/x")).isTrue();
        assertThat(path("Family/Private", "Other/Family/Private")).isFalse();
        assertThat(path("Family/Private/", "Family/Private")).isTrue();
    }

    @Test
    void rejectsPatternsThatMeanNothingOrEverything() {
        assertThatThrownBy(() -> Glob.compile(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Glob.compile("/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Glob.compile("{a,b")).isInstanceOf(IllegalArgumentException.class);
    }
}
