package io.ipcsync.samples;

import java.util.Arrays;
import java.util.List;

/**
 * The entry point of {@code ipcsync-samples.jar}: with no arguments it runs the
 * {@link PipelineDemo}; {@code list}, {@code inspect}, {@code clean} and {@code benchmark} run the
 * {@link ChannelTool}; anything starting with {@code --} goes to the demo.
 */
public final class Main
{
    private Main()
    {
    }

    /**
     * Runs the demo or a tool command.
     *
     * @param args nothing or demo options for the demo; a command and its arguments for the tool.
     * @throws Exception if the demo or the tool fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final List<String> arguments = Arrays.asList(args);
        if (arguments.isEmpty() || arguments.get(0).startsWith("--"))
        {
            PipelineDemo.main(args);
            return;
        }
        final int status = new ChannelTool(System.out).run(arguments);
        if (status != 0)
        {
            System.exit(status); // a command-line entry point: the status is its result
        }
    }
}
