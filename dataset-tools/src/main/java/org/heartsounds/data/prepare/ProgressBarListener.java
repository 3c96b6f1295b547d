package org.heartsounds.data.prepare;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Console progress bars (on standard error) for long work; silent when no terminal is attached. */
public final class ProgressBarListener implements PrepareListener {
    private ProgressBar bar;

    /** A bar on a terminal, otherwise {@link PrepareListener#NONE}. */
    public static PrepareListener forConsole() {
        return System.console() != null ? new ProgressBarListener() : PrepareListener.NONE;
    }

    @Override
    public synchronized void phase(String name, long total) {
        done();
        bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(200).continuousUpdate().build();
    }

    @Override
    public synchronized void advance(long steps) {
        if (bar != null) {
            bar.stepBy(steps);
        }
    }

    @Override
    public synchronized void done() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
