package dev.tether.toolsets.calendar;

import dev.tether.tool.ToolContext;
import java.time.Clock;

/** What every calendar tool holds: its own {@link CalendarService} on the args node's settings, closed with it. */
abstract class CalendarTool implements AutoCloseable {

    final CalendarService service;

    CalendarTool(ToolContext context, Clock clock) {
        this.service = new CalendarService(CalendarSettings.from(context), clock);
    }

    @Override
    public void close() {
        service.close();
    }
}
