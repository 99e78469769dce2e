package dev.tether.toolsets.calendar;

/** What every calendar tool holds: the {@link CalendarService} its toolset opened on the args node's settings. */
abstract class CalendarTool {

    final CalendarService service;

    CalendarTool(CalendarService service) {
        this.service = service;
    }
}
