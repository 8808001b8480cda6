using RpsVision.Training.Cli;

return await TrainingCommandLine.Create().Parse(args).InvokeAsync();
