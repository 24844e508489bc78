package rnnlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The page loads nothing from anywhere: every script inline, no URL in a loading position. */
class SelfContainedPageTest {
    private static final Pattern SCRIPT = Pattern.compile("<script\\b([^>]*)>(.*?)</script>", Pattern.DOTALL);
    /** Attributes and CSS through which a browser would fetch a remote (or protocol-relative) URL. */
    private static final List<Pattern> LOADING_URLS = List.of(
            Pattern.compile("(?i)\\b(src|href|srcset|poster|data|action|background)\\s*=\\s*[\"']?\\s*(https?:)?//"),
            Pattern.compile("(?i)url\\(\\s*[\"']?\\s*(https?:)?//"),
            Pattern.compile("(?i)@import"));

    private final String html = ExampleReport.build().toHtml();

    @Test
    void everyScriptIsInline() {
        List<String> attributes = scripts().stream().map(m -> m[0]).toList();
        assertEquals(4, attributes.size(), "status, data, library, renderer");
        for (String attribute : attributes) {
            assertFalse(attribute.contains("src"), "<script" + attribute + ">");
        }
    }

    @Test
    void nothingOutsideScriptsPointsAtARemoteUrl() {
        String markupAndStyles = SCRIPT.matcher(html).replaceAll("<script></script>");
        for (Pattern loading : LOADING_URLS) {
            Matcher found = loading.matcher(markupAndStyles);
            assertFalse(found.find(), () -> "loads " + found.group() + " in: "
                    + markupAndStyles.substring(Math.max(0, found.start() - 80), found.end() + 80));
        }
        assertFalse(Pattern.compile("(?i)<(link|img|iframe|object|embed|source|video|audio)\\b").matcher(markupAndStyles).find());
    }

    @Test
    void ownScriptsAndStylesMentionNoUrlAtAll() {
        for (String resource : List.of("report.css", "status.js", "render.js")) {
            String text = Resources.text("rnnlab/report/" + resource);
            assertFalse(text.contains("http:") || text.contains("https:") || text.contains("//cdn"), resource);
        }
    }

    @Test
    void contentSecurityPolicyForbidsFetching() {
        assertTrue(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"));
    }

    @Test
    void chartLibraryIsInlinedFromTheWebJar() {
        String library = EChartsLibrary.script();
        assertTrue(library.length() > 500_000, "the full ECharts build: " + library.length());
        assertTrue(library.contains("Apache License, Version 2.0"), "keeps its licence header");
        assertTrue(scripts().stream().anyMatch(s -> s[1].strip().equals(library.strip())));
        assertTrue(html.contains("Apache ECharts " + EChartsLibrary.version()));
    }

    private List<String[]> scripts() {
        List<String[]> found = new ArrayList<>();
        Matcher m = SCRIPT.matcher(html);
        while (m.find()) {
            found.add(new String[] {m.group(1), m.group(2)});
        }
        return found;
    }
}
