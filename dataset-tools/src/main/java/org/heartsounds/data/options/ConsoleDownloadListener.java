package org.heartsounds.data.options;

import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.heartsounds.data.fetch.FetchListener;
import org.heartsounds.data.fetch.ProgressListener;

/**
 * Download progress on the console: stages printed to standard error, and, if wanted, one progress bar in MB over
 * the bytes reported so far (a stage ends the bar).
 */
public final class ConsoleDownloadListener implements FetchListener, ProgressListener, AutoCloseable {
    private final PrintWriter err;
    private final boolean bar;
    private final String task;
    private ProgressBar progressBar;

    ConsoleDownloadListener(PrintWriter err, boolean bar, String task) {
        this.err = err;
        this.bar = bar;
        this.task = task;
    }

    @Override
    public synchronized void stage(String message) {
        closeBar();
        err.println(message);
        err.flush();
    }

    @Override
    public synchronized void progress(long done, long total) {
        if (!bar) {
            return;
        }
        if (progressBar == null) {
            progressBar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII).setUnit("MB", 1_000_000).showSpeed().build();
        }
        progressBar.stepTo(done);
    }

    @Override
    public synchronized void close() {
        closeBar();
    }

    private void closeBar() {
        if (progressBar != null) {
            progressBar.close();
            progressBar = null;
        }
    }
}
