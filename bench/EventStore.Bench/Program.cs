Console.WriteLine("The event store benchmark is being written.");
