from django.urls import path

app_name = "accounts"
urlpatterns = [path("connexion/", __import__("django.contrib.auth.views").contrib.auth.views.LoginView.as_view(), name="login")]
