using Aevlp.PseudoLabeler;
using Aevlp.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddPseudoLabeler();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
