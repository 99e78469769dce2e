package dev.tether.engine.session;

import io.helidon.dbclient.jdbc.JdbcConnectionPool;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import javax.sql.ConnectionEvent;
import javax.sql.ConnectionEventListener;
import javax.sql.PooledConnection;
import org.sqlite.SQLiteConfig;
import org.sqlite.javax.SQLiteConnectionPoolDataSource;

/**
 * The store's SQLite connections, as two Helidon DbClient pools: one writer connection, used only under the store's
 * write lock, and a few readers (WAL: readers never wait for the writer). Each is a JDBC {@link PooledConnection};
 * closing the handle DbClient borrowed gives the open connection back (rolled back if a transaction was left).
 */
final class SqliteConnections {

    private final SQLiteConnectionPoolDataSource source;
    private final Pool writer;
    private final Pool readers;

    SqliteConnections(String url, int readerCount) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(10_000);
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        this.source = new SQLiteConnectionPoolDataSource(config);
        source.setUrl(url);
        this.writer = new Pool(1);
        this.readers = new Pool(readerCount);
    }

    /** A pool of one: the writer. */
    JdbcConnectionPool writer() {
        return writer;
    }

    JdbcConnectionPool readers() {
        return readers;
    }

    /**
     * Called after each write, under the write lock: the writer must be back. When its return failed (on a full disk
     * SQLite rolls back by itself and the handle's own rollback then throws), a fresh connection replaces it.
     */
    void afterWrite() {
        writer.replaceLost();
    }

    void close() {
        writer.close();
        readers.close();
    }

    private PooledConnection open() {
        try {
            return source.getPooledConnection();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open " + source.getUrl() + ": " + e.getMessage(), e);
        }
    }

    /** A fixed set of pooled connections; a handle's close puts its connection back in {@code idle}. */
    private final class Pool implements JdbcConnectionPool, ConnectionEventListener {
        private final int size;
        private final BlockingQueue<PooledConnection> idle;
        private final List<PooledConnection> all = new ArrayList<>();
        private volatile boolean closed;

        Pool(int size) {
            this.size = size;
            this.idle = new ArrayBlockingQueue<>(size);
            for (int i = 0; i < size; i++) {
                idle.add(track(open()));
            }
        }

        private synchronized PooledConnection track(PooledConnection c) {
            c.addConnectionEventListener(this);
            all.add(c);
            return c;
        }

        @Override
        public Connection connection() {
            if (closed) {
                throw new IllegalStateException("the session store is closed");
            }
            try {
                return takeUninterruptibly().getConnection();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot use the session store: " + e.getMessage(), e);
            }
        }

        /** A cancelled turn must still store its partial answer, so an interrupt does not stop the wait. */
        private PooledConnection takeUninterruptibly() {
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        return idle.take();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void connectionClosed(ConnectionEvent event) {
            idle.add((PooledConnection) event.getSource());
        }

        @Override
        public void connectionErrorOccurred(ConnectionEvent event) {
            replace((PooledConnection) event.getSource());
        }

        /** Replaces connections that were borrowed and never came back; only when none can be in use. */
        synchronized void replaceLost() {
            if (closed) {
                return;
            }
            for (PooledConnection c : List.copyOf(all)) {
                if (!idle.contains(c) && idle.size() + 1 <= size) {
                    replace(c);
                }
            }
        }

        private synchronized void replace(PooledConnection broken) {
            all.remove(broken);
            broken.removeConnectionEventListener(this);
            try {
                broken.close();
            } catch (SQLException ignored) {
                // replaced anyway
            }
            if (!closed) {
                idle.add(track(open()));
            }
        }

        @Override
        public String dbType() {
            return "jdbc";
        }

        synchronized void close() {
            closed = true;
            for (PooledConnection c : List.copyOf(all)) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // closing anyway
                }
            }
        }
    }
}
