package dev.tether.toolsets.web;

import dev.tether.tool.ToolContext;

/** What the Open-Meteo tools hold: their own {@link OpenMeteo} client on the args node's settings, closed with them. */
abstract class OpenMeteoTool implements AutoCloseable {

    final OpenMeteo openMeteo;

    OpenMeteoTool(ToolContext context) {
        this.openMeteo = new OpenMeteo(context);
    }

    @Override
    public void close() {
        openMeteo.close();
    }
}
