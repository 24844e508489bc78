package rnnlab.report;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Properties;

/**
 * Apache ECharts, read from the {@code org.webjars:echarts} jar on the classpath so that each
 * page carries the library inline. The version comes from the WebJar's own Maven metadata, so
 * changing {@code echarts.version} in the pom is the whole of an upgrade.
 */
final class EChartsLibrary {
    private static final String POM_PROPERTIES = "META-INF/maven/org.webjars/echarts/pom.properties";

    /** The version of the WebJar on the classpath, e.g. {@code 5.5.0}. */
    static String version() {
        return Loaded.VERSION;
    }

    /** The minified full build (every chart type), licence header included. */
    static String script() {
        return Loaded.SCRIPT;
    }

    private EChartsLibrary() {}

    /** Loads once, on first use: the library is about 1 MB. */
    private static final class Loaded {
        static final String VERSION = readVersion();
        static final String SCRIPT = readScript(VERSION);

        private static String readVersion() {
            Properties properties = new Properties();
            try {
                properties.load(new StringReader(Resources.text(POM_PROPERTIES)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return properties.getProperty("version");
        }

        private static String readScript(String version) {
            String script = Resources.text("META-INF/resources/webjars/echarts/" + version + "/echarts.min.js");
            // Inside <script>, the text "</script" would end the element early and break the page.
            if (script.toLowerCase(Locale.ROOT).contains("</script")) {
                throw new IllegalStateException("echarts " + version + " contains '</script' and cannot be inlined");
            }
            return script;
        }
    }
}
