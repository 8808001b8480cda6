Console.WriteLine("RpsVision training");
