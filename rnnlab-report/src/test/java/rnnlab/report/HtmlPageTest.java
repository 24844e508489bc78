package rnnlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlPageTest {
    private static final double[] XS = {1, 2};
    private static final double[] YS = {1, 2};

    @Test
    void chartIdsFollowSectionAndPosition() throws Exception {
        LineChart chart = LineChart.titled("c").with(Series.of("s", XS, YS));
        String html = Report.titled("ids")
                .section("one chart", "", chart)
                .section("a row", "", ChartRow.of(chart, chart, chart))
                .section("heatmap", "", Heatmap.of("h", XS, YS, new double[][] {{1, 2}, {3, 4}}))
                .section("table", "", Table.of("a").row("1"))
                .toHtml();

        assertEquals(List.of("chart-1", "chart-2-1", "chart-2-2", "chart-2-3", "chart-3"), elementIds(html, "chart"));
        assertEquals(List.of("table-4"), elementIds(html, "table"));
        List<String> specIds = new ArrayList<>();
        chartData(html).get("charts").forEach(spec -> specIds.add(spec.get("id").asText()));
        assertEquals(elementIds(html, "chart"), specIds, "one spec per chart element, same order");
    }

    @Test
    void textIsEscapedEverywhere() throws Exception {
        String nasty = "</script><img src=x onerror=alert(1)> & \"q\"";
        String html = Report.titled(nasty).subtitle(nasty).metadata(nasty, nasty)
                .section(nasty, nasty, LineChart.titled(nasty).axes(nasty, nasty).with(Series.of(nasty, XS, YS)))
                .section("t", "", Table.of(nasty).row(nasty))
                .toHtml();

        String markup = html.replaceAll("(?s)<script\\b[^>]*>.*?</script>", "");
        assertFalse(markup.contains("<img"), "markup from text reached the page");
        assertEquals(4, html.split("<script\\b", -1).length - 1, "no script element from text");
        assertTrue(html.contains("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot;"));
        JsonNode spec = chartData(html).get("charts").get(0);
        assertEquals(nasty, spec.get("xLabel").asText(), "labels survive the trip through JSON");
        assertEquals(nasty, spec.get("series").get(0).get("name").asText());
    }

    @Test
    void sectionsAndMetadataKeepTheirOrder() {
        String html = Report.titled("t").metadata("b", "2").metadata("a", "1").metadata("b", "3")
                .section("first", "", Table.of("x")).section("second", "", Table.of("y"))
                .toHtml();

        assertTrue(html.indexOf(">b<") < html.indexOf(">a<"), "insertion order");
        assertTrue(html.contains("<td>3</td>") && !html.contains("<td>2</td>"), "a repeated key replaces the value");
        assertTrue(html.indexOf("first") < html.indexOf("second"));
    }

    private static List<String> elementIds(String html, String prefix) {
        Matcher m = Pattern.compile("id=\"(" + prefix + "-[0-9-]+)\"").matcher(html);
        List<String> ids = new ArrayList<>();
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    static JsonNode chartData(String html) throws Exception {
        String open = "<script type=\"application/json\" id=\"report-data\">";
        int start = html.indexOf(open) + open.length();
        return new ObjectMapper().readTree(html.substring(start, html.indexOf("</script>", start)));
    }
}
