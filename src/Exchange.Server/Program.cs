using Exchange.Server.Demo;

// Until the gateway and host exist, the server runs the scripted in-process demo.
new DemoSession(Console.Out).Run();
return 0;
