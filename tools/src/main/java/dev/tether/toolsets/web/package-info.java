/** The web tools; every one sends its arguments off this machine. */
@ToolPackage(openWorld = true)
package dev.tether.toolsets.web;

import dev.tether.tool.ToolPackage;
