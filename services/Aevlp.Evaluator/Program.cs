using Aevlp.Evaluator;
using Aevlp.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddEvaluator();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
