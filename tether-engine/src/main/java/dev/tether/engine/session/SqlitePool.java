package dev.tether.engine.session;

import io.helidon.dbclient.jdbc.JdbcConnectionPool;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A small fixed pool of SQLite connections for Helidon DbClient: each connection gets Tether's pragmas once, and
 * {@code close()} on a handed-out connection returns it to the pool instead of reopening the file per statement.
 */
final class SqlitePool implements JdbcConnectionPool {

    private final String url;
    private final BlockingQueue<Connection> idle;
    private final List<Connection> all = new ArrayList<>();
    private volatile boolean closed;

    SqlitePool(String url, int size) {
        this.url = url;
        this.idle = new ArrayBlockingQueue<>(size);
        for (int i = 0; i < size; i++) {
            Connection c = open();
            all.add(c);
            idle.add(c);
        }
    }

    private Connection open() {
        try {
            Connection c = DriverManager.getConnection(url);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 10000");
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = FULL");
                s.execute("PRAGMA foreign_keys = ON");
            }
            return c;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open " + url + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Connection connection() {
        if (closed) {
            throw new IllegalStateException("the session store is closed");
        }
        Connection real = takeUninterruptibly();
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new Lease(real));
    }

    /** A cancelled turn must still store its partial answer, so an interrupt does not stop the wait. */
    private Connection takeUninterruptibly() {
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

    private Connection replace(Connection broken) {
        try {
            broken.close();
        } catch (SQLException ignored) {
            // replaced anyway
        }
        Connection fresh = open();
        synchronized (all) {
            all.remove(broken);
            all.add(fresh);
        }
        return fresh;
    }

    @Override
    public String dbType() {
        return "jdbc";
    }

    void close() {
        closed = true;
        for (Connection c : List.copyOf(all)) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }

    /** One loan of a connection: close() gives it back (once), everything else goes to the real connection. */
    private final class Lease implements java.lang.reflect.InvocationHandler {
        private final Connection real;
        private boolean returned;

        Lease(Connection real) {
            this.real = real;
        }

        @Override
        public Object invoke(Object proxy, java.lang.reflect.Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "close" -> {
                    giveBack();
                    return null;
                }
                case "isClosed" -> {
                    return returned || real.isClosed();
                }
                default -> {
                    if (returned) {
                        throw new SQLException("connection already returned to the pool");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                }
            }
        }

        private synchronized void giveBack() {
            if (returned) {
                return;
            }
            returned = true;
            Connection back = real;
            try {
                if (!real.getAutoCommit()) {
                    real.rollback();
                    real.setAutoCommit(true);
                }
            } catch (SQLException e) {
                // SQLite may have rolled back already (it does on SQLITE_FULL): a fresh connection replaces this one,
                // so that the pool never shrinks
                back = replace(real);
            }
            idle.add(back);
        }
    }
}
