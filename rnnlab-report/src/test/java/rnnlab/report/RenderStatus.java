package rnnlab.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a page wrote to its {@code render-status} element: points drawn per chart id, script
 * errors, resources fetched, and whether drawing finished.
 */
public record RenderStatus(Map<String, Integer> points, List<String> errors, int resources, boolean done) {
    private static final String START = "<pre id=\"render-status\"";

    /** Reads the status element out of a DOM dumped by Chromium. */
    public static RenderStatus parse(String dom) {
        int element = dom.indexOf(START);
        if (element < 0) {
            throw new AssertionError("no render-status element in the page");
        }
        int textStart = dom.indexOf('>', element) + 1;
        String text = unescape(dom.substring(textStart, dom.indexOf("</pre>", textStart)));
        Map<String, Integer> points = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        int resources = -1;
        boolean done = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("error ")) {
                errors.add(line.substring("error ".length()));
            } else if (line.startsWith("resources=")) {
                resources = Integer.parseInt(line.substring("resources=".length()));
            } else if (line.equals("done")) {
                done = true;
            } else if (line.contains(" points=")) {
                String[] parts = line.split(" points=");
                points.put(parts[0], Integer.parseInt(parts[1]));
            }
        }
        return new RenderStatus(points, errors, resources, done);
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
    }
}
